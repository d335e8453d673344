import type { WsSocket } from '../../electron/transport/ws-socket';

/** Past this much queued for the socket, the sender waits: a flood measures the workbench, not our own write buffer. */
const QUEUED_LIMIT = 4 * 1024 * 1024;
const TICK_MS = 5;

export interface FloodProgress {
  sent: number;
  elapsedMs: number;
}

/** A small JSON text message, numbered, as a chatty service would send: the search targets its number. */
export function floodMessage(n: number): string {
  return `{"n":${n},"type":"tick","price":${(n % 9973) / 100}}`;
}

/**
 * Send `total` text frames numbered from `from` at `rate` frames a second, in ticks of a
 * few milliseconds, never letting more than QUEUED_LIMIT pile up in our own socket.
 */
export async function flood(ws: WsSocket, from: number, total: number, rate: number, onTick?: (progress: FloodProgress) => void): Promise<FloodProgress> {
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const elapsedMs = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsedMs / 1000) * rate));
    while (sent < due && ws.bufferedAmount < QUEUED_LIMIT) ws.sendText(floodMessage(from + sent++));
    onTick?.({ sent, elapsedMs });
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  return { sent, elapsedMs: performance.now() - started };
}
