import path from 'node:path';
import { app, dialog, shell, type MenuItemConstructorOptions } from 'electron';
import type { WorkspaceStatus } from '../../shared/api';
import type { WorkspaceActions } from './workspace-actions';

/** File (workspaces through native dialogs, Quit), Edit, View, Help; rebuilt when the recent list changes. */
export function menuTemplate(actions: WorkspaceActions, status: WorkspaceStatus): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    status.recent.length === 0
      ? [{ label: 'No Recent Workspaces', enabled: false }]
      : status.recent.map((file) => ({ label: `${path.basename(file)} — ${path.dirname(file)}`, click: () => void actions.open(file) }));
  const mac = process.platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace', accelerator: 'CmdOrCtrl+N', click: () => void actions.newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => void actions.open() },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        { label: 'Save Workspace', accelerator: 'CmdOrCtrl+S', click: () => void actions.save() },
        { label: 'Save Workspace As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => void actions.saveAs(false) },
        { label: 'Save Workspace with Captures As…', click: () => void actions.saveAs(true) },
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
