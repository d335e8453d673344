import type { BridgeReply, BridgeRequest } from '../../shared/api';
import type { WsSocket } from '../transport/ws-socket';
import type { ApiHandler } from '../services/api-handlers';
import type { Workbench } from '../services/workbench';

/** While this much is still queued for the page, event batches wait (their changes pile up as counters). */
const CONGESTED_BYTES = 8 * 1024 * 1024;

/**
 * Browser mode's API over one WebSocket: JSON text messages {id, method, args} answered
 * by {id, result} or {id, error: {message}}, and event batches pushed as {events: […]}.
 */
export function serveBridge(ws: WsSocket, workbench: Workbench, handler: ApiHandler): void {
  const send = (message: BridgeReply | { events: unknown[] }) => {
    if (ws.readyState === 'OPEN') ws.sendText(JSON.stringify(message));
  };
  const unsubscribe = workbench.subscribe((events) => send({ events }), { isCongested: () => ws.bufferedAmount > CONGESTED_BYTES });
  ws.once('close', unsubscribe);
  ws.on('message', (kind, data) => {
    const request = parseRequest(kind, data);
    if ('error' in request) {
      send(request);
      return;
    }
    void handler.handle(request.method, request.args).then((response) =>
      send(response.ok ? { id: request.id, result: response.result } : { id: request.id, error: response.error }),
    );
  });
}

function parseRequest(kind: 'text' | 'binary', data: Buffer): BridgeRequest | Extract<BridgeReply, { error: unknown }> {
  if (kind !== 'text') return { id: null, error: { message: 'the API bridge takes JSON text messages only' } };
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return { id: null, error: { message: 'a request is not valid JSON' } };
  }
  if (typeof value !== 'object' || value === null) return { id: null, error: { message: 'a request must be an object {id, method, args}' } };
  const { id, method, args } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { id: null, error: { message: 'a request needs a whole-number id' } };
  if (typeof method !== 'string') return { id, error: { message: 'a request needs a method name' } };
  return { id, method, args };
}
