// Real peers on 127.0.0.1 for the integration tests: our server and client, and raw TCP
// peers for byte-level control. Everything a helper starts is stopped when the test ends.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { onTestFinished } from 'vitest';
import { connect, type ConnectOptions } from '../../electron/transport/client';
import { WsServer, type ServerOptions } from '../../electron/transport/server';
import type { WsSocket, WsSocketEvents } from '../../electron/transport/ws-socket';

export const HOST = '127.0.0.1';

/** The RFC 6455 §1.3 example key and its Sec-WebSocket-Accept. */
export const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const RFC_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** Resolve with the arguments of the next `event` on `ws`; reject after `ms`. */
export function waitFor<K extends keyof WsSocketEvents>(ws: WsSocket, event: K, ms = 5_000): Promise<WsSocketEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${String(event)}' event within ${ms} ms`)), ms);
    const listener = (...args: WsSocketEvents[K]): void => {
      clearTimeout(timer);
      resolve(args);
    };
    // EventEmitter<T>'s listener type stays a deferred conditional for a generic K.
    ws.once(event, listener as Parameters<typeof ws.once<K>>[1]);
  });
}

/** Settle `promise` or fail the test after `ms`, naming what never happened. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A WsServer on an ephemeral port; every client is dropped and the server closed after the test. */
export async function startServer(options: ServerOptions = {}): Promise<{ server: WsServer; port: number; url: string }> {
  const server = new WsServer({ host: HOST, port: 0, ...options });
  const { port } = await server.listen();
  onTestFinished(async () => {
    for (const ws of server.connections) ws.terminate();
    await server.close();
  });
  return { server, port, url: `ws://${HOST}:${port}/` };
}

/** A server that sends every message back with its type. */
export async function startEchoServer(options: ServerOptions = {}): Promise<{ server: WsServer; port: number; url: string }> {
  const started = await startServer(options);
  started.server.on('connection', (ws) => ws.on('message', (kind, data) => ws.readyState === 'OPEN' && ws.send(kind, data)));
  return started;
}

/** Our client, dropped after the test if it is still connected. */
export function startClient(url: string, options: ConnectOptions = {}): WsSocket {
  const ws = connect(url, options);
  onTestFinished(() => {
    ws.terminate();
  });
  return ws;
}

/** Our client once it is open; rejects when the handshake fails. */
export async function openClient(url: string, options: ConnectOptions = {}): Promise<WsSocket> {
  const ws = startClient(url, options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('failure', reject);
  });
  return ws;
}

/** The server side of the next connection to `server`, once it is open. */
export function nextServerSide(server: WsServer, ms = 5_000): Promise<WsSocket> {
  return within(new Promise((resolve) => server.once('connection', resolve)), ms, 'server connection');
}

/** Our client and the server side of the same connection, both open. */
export async function connectedPair(options: ServerOptions = {}): Promise<{ server: WsServer; client: WsSocket; peer: WsSocket }> {
  const { server, url } = await startServer(options);
  const serverSide = nextServerSide(server);
  const client = await openClient(url);
  return { server, client, peer: await serverSide };
}

/** A plain TCP server; `onSocket` gets each connection. Closed (and its sockets destroyed) after the test. */
export async function startRawServer(onSocket: (socket: net.Socket) => void): Promise<{ port: number; url: string }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => sockets.delete(socket));
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as net.AddressInfo;
  return { port, url: `ws://${HOST}:${port}/` };
}

/** A raw TCP client; destroyed after the test. */
export async function rawConnect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, HOST);
  onTestFinished(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** A valid opening request (§4.1) with the RFC's example key. */
export function openingRequest(port: number, key = RFC_KEY): string {
  return [`GET / HTTP/1.1`, `Host: ${HOST}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', '', ''].join('\r\n');
}

/** A 101 answer for `key`, as a conforming server writes it (§4.2.2). */
export function switchingProtocols(accept: string): string {
  return ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n');
}

/** Every byte `socket` receives until the peer closes TCP; rejects after `ms`. */
export function readUntilClosed(socket: net.Socket, ms = 5_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return within(
    new Promise((resolve) => {
      socket.once('end', () => resolve(Buffer.concat(chunks)));
      socket.once('close', () => resolve(Buffer.concat(chunks)));
    }),
    ms,
    'TCP close from the peer',
  );
}

/** Read an HTTP head from `socket`; resolves with the head and any bytes after it. */
export function readHead(socket: net.Socket, ms = 5_000): Promise<{ head: string; rest: Buffer }> {
  return within(
    new Promise((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onData);
        resolve({ head: buffered.subarray(0, end + 4).toString('latin1'), rest: buffered.subarray(end + 4) });
      };
      socket.on('data', onData);
      socket.once('close', () => reject(new Error('the connection closed before a complete HTTP head')));
    }),
    ms,
    'an HTTP head',
  );
}

/** A raw client that has completed the opening handshake with our server. */
export async function rawWebSocketClient(port: number): Promise<net.Socket> {
  const socket = await rawConnect(port);
  socket.write(openingRequest(port));
  const { head, rest } = await readHead(socket);
  if (!head.startsWith('HTTP/1.1 101 ') || rest.length > 0) throw new Error(`unexpected handshake answer: ${head}`);
  return socket;
}

/** A masked client frame with a fixed key (RFC 6455 §5.3), for raw peers. */
export function maskedFrame(firstByte: number, payload: Uint8Array, key = Buffer.from([0x37, 0xfa, 0x21, 0x3d])): Buffer {
  if (payload.length > 125) throw new RangeError('maskedFrame writes 7-bit lengths only');
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i & 3]));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), key, masked]);
}

/** `n` bytes of valid UTF-8 mixing 1- to 4-byte characters. */
export function utf8Text(n: number): Buffer {
  const unit = Buffer.from('ü€😀ab', 'utf8'); // 2 + 3 + 4 + 1 + 1 = 11 bytes
  const text = Buffer.alloc(n, 'x');
  for (let at = 0; at + unit.length <= n; at += unit.length) unit.copy(text, at);
  return text;
}

/** Poll `condition` every few ms until it holds; fail the test after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sec-WebSocket-Accept for `key` (§4.2.2 step 5.4), computed here rather than by the code under test. */
export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** A raw server that answers the opening request correctly, then hands the socket to `onOpen`. */
export function startRawWebSocketServer(onOpen: (socket: net.Socket) => void = () => undefined): Promise<{ port: number; url: string }> {
  return startRawServer((socket) => {
    readHead(socket).then(
      ({ head }) => {
        const key = /^Sec-WebSocket-Key: *(\S+)/im.exec(head)?.[1] ?? '';
        socket.write(switchingProtocols(acceptFor(key)));
        onOpen(socket);
      },
      () => socket.destroy(),
    );
  });
}
