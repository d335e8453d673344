import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ServerConnectionOptions } from '../protocol/server-connection';
import { serveSocket } from '../transport/server';
import type { TimeoutOptions, WsSocket } from '../transport/ws-socket';

/**
 * Hand an upgrade request that node:http has already parsed to our own engine: the
 * request head is rebuilt byte for byte from what node kept (`rawHeaders` keeps names'
 * case and order) and fed to a ServerConnection, which answers the handshake itself.
 */
export function acceptUpgrade(request: IncomingMessage, stream: Duplex, head: Buffer, options: ServerConnectionOptions & TimeoutOptions = {}): WsSocket {
  const socket = stream as Socket;
  socket.unshift(Buffer.concat([rebuildHead(request), head]));
  return serveSocket(socket, options).ws;
}

function rebuildHead(request: IncomingMessage): Buffer {
  const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
