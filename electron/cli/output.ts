import type { MessageKind } from '../protocol/connection';
import type { WsSocket } from '../transport/ws-socket';
import { closeLine, errorLine, frameLine, handshakeLine, openLine, type JsonLine } from './json-lines';

export function printJson(line: JsonLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** A received message as one line of plain output: text as is, binary as hex. */
export function formatMessage(kind: MessageKind, data: Buffer): string {
  return kind === 'text' ? data.toString('utf8') : `[binary ${data.length} B] ${data.toString('hex')}`;
}

/** Print the whole timeline of `ws` as JSON lines, tagged with `extra` (a client id on the server). */
export function printTimeline(ws: WsSocket, extra: JsonLine = {}): void {
  ws.on('handshake', (record) => {
    printJson({ ...handshakeLine(record), ...extra });
    if (record.error === null) printJson({ ...openLine(record.subprotocol), ...extra });
  });
  ws.on('frame', (direction, frame, crafted) => printJson({ ...frameLine(direction, frame, crafted), ...extra }));
  ws.on('failure', (error) => printJson({ ...errorLine(error), ...extra }));
  ws.on('close', (event) => printJson({ ...closeLine(event), ...extra }));
}

/** Send every message back with the same type, pausing reads while the socket is full. */
export function echo(ws: WsSocket): void {
  ws.on('message', (kind, data) => {
    if (ws.readyState !== 'OPEN') return;
    if (!ws.send(kind, data)) ws.pauseUntilDrained();
  });
}

/** Reads lines from stdin; calls `onEnd` when stdin closes. */
export function readLines(onLine: (line: string) => void, onEnd: () => void): void {
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
    }
  });
  process.stdin.on('end', () => {
    if (pending !== '') onLine(pending);
    onEnd();
  });
}
