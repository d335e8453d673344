// The Electron main process: one locked-down window (Electron's security checklist), the
// API bound over IPC, the menu. Everything else lives in electron/services.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { WorkspaceStatus } from '../../shared/api';
import { createApiHandler } from '../services/api-handlers';
import { withNativeDialogs } from './native-dialogs';
import { CONTENT_SECURITY_POLICY } from '../services/content-security';
import { preferSmallHeap } from '../services/heap';
import { Workbench } from '../services/workbench';
import { bindIpc, isTrustedSender, streamEvents } from './ipc-binding';
import { menuTemplate } from './menu';
import { secureWebPreferences } from './window-options';
import { WorkspaceActions } from './workspace-actions';

/** WSB_DEV_URL points at Vite's dev server while developing the renderer. */
const appUrl = process.env.WSB_DEV_URL ?? pathToFileURL(path.join(app.getAppPath(), 'dist', 'renderer', 'index.html')).href;
preferSmallHeap();
const workbench = new Workbench();
const windows = new Set<BrowserWindow>();
const focusedWindow = () => BrowserWindow.getFocusedWindow() ?? [...windows][0] ?? null;
const handler = withNativeDialogs(createApiHandler(workbench), focusedWindow);
const actions = new WorkspaceActions(handler, focusedWindow, () => workbench.workspace.status());
/** Windows whose unsaved-changes question was answered: they close without asking again. */
const mayClose = new WeakSet<BrowserWindow>();

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
  win.on('close', (event) => {
    // Other windows show the same workspace: only closing the last one can lose it.
    if (mayClose.has(win) || windows.size > 1) return;
    const choice = actions.askBeforeClosing(win);
    if (choice === 'discard') return;
    event.preventDefault();
    if (choice === 'save') {
      void actions.save().then((saved) => {
        if (!saved) return;
        mayClose.add(win);
        win.close();
      });
    }
  });
  // The page's own beforeunload question is for browser mode: here the 'close' handler above
  // asked already, and a reload loses nothing, since the workspace lives in this process.
  win.webContents.on('will-prevent-unload', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  streamEvents(workbench, win.webContents);
  void win.loadURL(appUrl);
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  bindIpc(ipcMain, handler, (event) => isTrustedSender(event, appUrl, (contents) => [...windows].some((win) => win.webContents === contents)));
  const dataDir = app.getPath('userData');
  await workbench.workspace
    .startPersistence({ dataDir })
    .catch((error: unknown) => console.error(`no autosave or recent list: cannot use ${dataDir}: ${error instanceof Error ? error.message : String(error)}`));
  const file = workspaceArgument(process.argv);
  if (file !== null) {
    await workbench.workspace.open(file).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`cannot open the workspace: ${message}`);
      dialog.showErrorBox('Cannot open the workspace', message);
    });
  }
  showWorkspace(workbench.workspace.status());
  workbench.subscribe((events) => {
    for (const event of events) if (event.type === 'workspace') showWorkspace(event.status);
  });
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
});

/** The menu's recent list, and each window's title and edited mark. */
function showWorkspace(status: WorkspaceStatus): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, status)));
  const name = status.path === null ? 'Untitled workspace' : path.basename(status.path);
  for (const win of windows) {
    win.setTitle(`${status.dirty ? '• ' : ''}${name} — WS Workbench`);
    win.setDocumentEdited(status.dirty);
  }
}

/** `--workspace FILE` or `--workspace=FILE` on the command line (npm start passes it on). */
function workspaceArgument(argv: string[]): string | null {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--workspace') return argv[i + 1] ?? null;
    if (arg.startsWith('--workspace=')) return arg.slice('--workspace='.length);
  }
  return null;
}

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
