import { dialog, type BrowserWindow } from 'electron';
import { methods, type ApiResponse, type MethodResults, type PathPurpose } from '../../shared/api';
import type { ApiHandler } from '../services/api-handlers';

const DIALOGS: Record<PathPurpose, { title: string; save: boolean; filters: Electron.FileFilter[] }> = {
  'open-workspace': { title: 'Open workspace', save: false, filters: [{ name: 'WS Workbench workspace', extensions: ['json'] }] },
  'save-workspace': { title: 'Save workspace', save: true, filters: [{ name: 'WS Workbench workspace', extensions: ['json'] }] },
  'import-har': { title: 'Import HAR', save: false, filters: [{ name: 'HTTP Archive', extensions: ['har', 'json'] }] },
};

/** The API with `dialog.choosePath` answered by Electron's native file dialogs; everything else unchanged. */
export function withNativeDialogs(handler: ApiHandler, window: () => BrowserWindow | null): ApiHandler {
  return {
    async handle(method, args) {
      if (method !== 'dialog.choosePath') return handler.handle(method, args);
      const parsed = methods['dialog.choosePath'].safeParse(args);
      if (!parsed.success) return handler.handle(method, args);
      const { title, save, filters } = DIALOGS[parsed.data.purpose];
      const options = { title, filters, defaultPath: parsed.data.defaultPath };
      const win = window();
      let path: string | null;
      if (save) {
        const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        path = chosen.canceled || !chosen.filePath ? null : chosen.filePath;
      } else {
        const chosen = win ? await dialog.showOpenDialog(win, { ...options, properties: ['openFile'] }) : await dialog.showOpenDialog({ ...options, properties: ['openFile'] });
        path = chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      }
      const result: MethodResults['dialog.choosePath'] = { native: true, path };
      return { ok: true, result } satisfies ApiResponse;
    },
  };
}
