import { app, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { WorkspaceDocument } from '../../shared/api';
import type { ApiHandler } from '../services/api-handlers';
import { readWorkspaceFile, writeWorkspaceFile } from '../services/workspace-file';

const FILTERS = [{ name: 'WS Workbench workspace', extensions: ['json'] }];

/** File (New/Open/Save workspace, Quit), Edit, View, Help; workspace files through native dialogs. */
export function menuTemplate(handler: ApiHandler, window: () => BrowserWindow | null): MenuItemConstructorOptions[] {
  const report = (title: string, error: unknown) => dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
  const call = async (method: 'workspace.clear' | 'workspace.get' | 'workspace.load', args: unknown): Promise<unknown> => {
    const response = await handler.handle(method, args);
    if (!response.ok) throw new Error(response.error.message);
    return response.result;
  };

  const newWorkspace = async () => {
    const win = window();
    const answer = win
      ? await dialog.showMessageBox(win, { type: 'question', buttons: ['Close everything', 'Cancel'], defaultId: 1, message: 'Close every connection and server and start an empty workspace?' })
      : { response: 0 };
    if (answer.response === 0) await call('workspace.clear', {}).catch((error: unknown) => report('Cannot start a new workspace', error));
  };
  const openWorkspace = async () => {
    const win = window();
    const options = { title: 'Open workspace', filters: FILTERS, properties: ['openFile' as const] };
    const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (chosen.canceled || chosen.filePaths.length === 0) return;
    try {
      await call('workspace.load', await readWorkspaceFile(chosen.filePaths[0]));
    } catch (error) {
      report('Cannot open the workspace', error);
    }
  };
  const saveWorkspace = async () => {
    const win = window();
    const options = { title: 'Save workspace', filters: FILTERS, defaultPath: 'workspace.json' };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return;
    try {
      await writeWorkspaceFile(chosen.filePath, (await call('workspace.get', {})) as WorkspaceDocument);
    } catch (error) {
      report('Cannot save the workspace', error);
    }
  };

  const mac = process.platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace', accelerator: 'CmdOrCtrl+N', click: () => void newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => void openWorkspace() },
        { label: 'Save Workspace…', accelerator: 'CmdOrCtrl+S', click: () => void saveWorkspace() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      role: 'help',
      submenu: [
        { label: 'RFC 6455: The WebSocket Protocol', click: () => void shell.openExternal('https://www.rfc-editor.org/rfc/rfc6455') },
        {
          label: 'About WS Workbench',
          click: () => void dialog.showMessageBox({ type: 'info', message: `WS Workbench ${app.getVersion()}`, detail: 'See and control WebSocket traffic down to the bit.' }),
        },
      ],
    },
  ];
}
