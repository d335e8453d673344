import type { WebPreferences } from 'electron';

/**
 * Every window's web preferences, per Electron's security checklist: the renderer is
 * sandboxed and isolated, has no Node.js, and reaches the main process only through
 * the preload's hand-picked API.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    webviewTag: false,
    spellcheck: false,
  };
}
