import type { ApiEvent, BridgeEvents, BridgeReply, MethodArgs, MethodName, MethodResults } from '../../shared/api';
import type { ConnectedApi } from './types';

const LOST = 'Lost the connection to the workbench host (it may have stopped): start it again and reload this page.';
const REFUSED = 'The workbench host refused this page or is not running: open the exact URL that "wsb web" (or npm start) printed, token included.';

/**
 * Browser mode's side of the bridge: the API over one WebSocket to the host that served
 * this page. Calls made before the socket opens wait for it.
 */
export function connectBridge(url: string): ConnectedApi {
  const socket = new WebSocket(url);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(events: ApiEvent[]) => void>();
  const lostListeners = new Set<(message: string) => void>();
  let open = false;
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      open = true;
      resolve();
    });
    socket.addEventListener('close', () => reject(new Error(REFUSED)));
  });
  // A page that never makes a call must not report an unhandled rejection.
  opened.catch(() => undefined);
  let nextId = 1;
  let lost: string | null = null;

  socket.addEventListener('message', (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as BridgeReply | BridgeEvents;
    if ('events' in message) {
      for (const listener of listeners) listener(message.events);
      return;
    }
    const call = message.id === null ? undefined : pending.get(message.id);
    if (!call) return;
    pending.delete(message.id as number);
    if ('error' in message) call.reject(new Error(message.error.message));
    else call.resolve(message.result);
  });
  socket.addEventListener('close', () => {
    // A socket that never opened was refused (a wrong token answers 403) or found no host.
    lost = open ? LOST : REFUSED;
    for (const call of pending.values()) call.reject(new Error(lost));
    pending.clear();
    for (const listener of lostListeners) listener(lost);
  });

  return {
    async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]> {
      await opened;
      if (lost !== null) throw new Error(lost);
      const id = nextId++;
      const result = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
      socket.send(JSON.stringify({ id, method, args }));
      return (await result) as MethodResults[M];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLost(listener) {
      if (lost !== null) listener(lost);
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
  };
}
