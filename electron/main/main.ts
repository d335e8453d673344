// The Electron main process: one locked-down window (Electron's security checklist), the
// API bound over IPC, the menu. Everything else lives in electron/services.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { createApiHandler } from '../services/api-handlers';
import { CONTENT_SECURITY_POLICY } from '../services/content-security';
import { preferSmallHeap } from '../services/heap';
import { Workbench } from '../services/workbench';
import { bindIpc, isTrustedSender, streamEvents } from './ipc-binding';
import { menuTemplate } from './menu';
import { secureWebPreferences } from './window-options';

/** WSB_DEV_URL points at Vite's dev server while developing the renderer. */
const appUrl = process.env.WSB_DEV_URL ?? pathToFileURL(path.join(app.getAppPath(), 'dist', 'renderer', 'index.html')).href;
preferSmallHeap();
const workbench = new Workbench();
const handler = createApiHandler(workbench);
const windows = new Set<BrowserWindow>();

app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  // No page of ours navigates or opens windows: refuse both, whatever asks.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'WS Workbench',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  streamEvents(workbench, win.webContents);
  void win.loadURL(appUrl);
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  bindIpc(ipcMain, handler, (event) => isTrustedSender(event, appUrl, (contents) => [...windows].some((win) => win.webContents === contents)));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(handler, () => BrowserWindow.getFocusedWindow() ?? [...windows][0] ?? null)));
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close every connection and stop every server before the process goes.
let disposed = false;
app.on('will-quit', (event) => {
  if (disposed) return;
  event.preventDefault();
  void workbench.dispose().finally(() => {
    disposed = true;
    app.quit();
  });
});
