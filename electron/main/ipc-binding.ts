import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENTS_CHANNEL, METHOD_NAMES, type ApiResponse } from '../../shared/api';
import type { ApiHandler } from '../services/api-handlers';
import type { Workbench } from '../services/workbench';

/** The part of an IpcMainInvokeEvent the sender check reads. */
export type InvokeSender = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Is this call from our own page? The sender must be one of our windows' main frames,
 * showing the app itself (file:// of the built renderer, or the dev server's origin).
 */
export function isTrustedSender(event: InvokeSender, appUrl: string, isOurWindow: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isOurWindow(event.sender)) return false;
  let url: URL;
  let app: URL;
  try {
    url = new URL(frame.url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  return app.protocol === 'file:' ? url.protocol === 'file:' && url.pathname === app.pathname : url.origin === app.origin;
}

/**
 * Bind every method of the contract with ipcMain.handle, one channel per method name.
 * Each call's sender is checked; its arguments are validated by the handler; the answer
 * is an ApiResponse, so the renderer gets the sentence rather than Electron's wrapping.
 * Returns the function that unbinds them.
 */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handler: ApiHandler, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event, args: unknown): Promise<ApiResponse> | ApiResponse => {
      if (!isTrusted(event)) return { ok: false, error: { message: `${method} refused: the call did not come from the workbench's own page` } };
      return handler.handle(method, args);
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(method);
  };
}

/** Push event batches to one window on the events channel until it goes away. */
export function streamEvents(workbench: Workbench, contents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>): () => void {
  const unsubscribe = workbench.subscribe((events) => {
    if (!contents.isDestroyed()) contents.send(EVENTS_CHANNEL, events);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
