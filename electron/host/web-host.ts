import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { createApiHandler } from '../services/api-handlers';
import { CONTENT_SECURITY_POLICY } from '../services/content-security';
import { Workbench } from '../services/workbench';
import type { WsSocket } from '../transport/ws-socket';
import { serveBridge } from './api-bridge';
import { readStatic } from './static-files';
import { acceptUpgrade } from './upgrade';

export interface WebHostOptions {
  /** A loopback address: browser mode is for this machine only. */
  host?: string;
  /** 0 for any free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The services to expose; a fresh workbench, disposed of on close, by default. */
  workbench?: Workbench;
}

export interface WebHost {
  /** The page to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly workbench: Workbench;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}
/** The bridge carries base64 payloads of up to 256 MiB (shared/api.ts) inside JSON. */
const MAX_BRIDGE_MESSAGE = 384 * 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The page's URL carries the token: never send it anywhere as a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Browser mode: serve the built renderer on 127.0.0.1 and bridge the API over a
 * WebSocket that runs on our own engine. Only a page from this host, holding the random
 * token printed with its URL, may open the API socket: the Origin must be the host's
 * own and the Host header one of its own names, so no other page in the user's browser
 * (nor a DNS-rebound one) can drive it.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`browser mode listens on this machine only: use 127.0.0.1, ::1 or localhost, not ${JSON.stringify(host)}`);
  const rendererDir = path.resolve(options.rendererDir);
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`the UI is not built (no ${path.join(rendererDir, 'index.html')}): run npm run build`);

  const token = randomBytes(24).toString('base64url');
  const workbench = options.workbench ?? new Workbench();
  const handler = createApiHandler(workbench);
  const sockets = new Set<WsSocket>();
  let names = new Set<string>();
  let origins = new Set<string>();

  const server = http.createServer((request, response) => {
    void serveFile(request, response);
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(request);
    if (refusal !== null) {
      refuse(socket, refusal);
      return;
    }
    const ws = acceptUpgrade(request, socket, head, { maxMessageSize: MAX_BRIDGE_MESSAGE, maxFrameSize: MAX_BRIDGE_MESSAGE });
    sockets.add(ws);
    ws.once('close', () => sockets.delete(ws));
    serveBridge(ws, workbench, handler);
  });

  async function serveFile(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (!names.has(request.headers.host ?? '')) return plain(response, 421, 'this host answers to 127.0.0.1 only');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'method not allowed');
    const file = await readStatic(rendererDir, new URL(request.url ?? '/', 'http://host').pathname);
    if (file.status !== 200) return plain(response, file.status, file.message);
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  function checkUpgrade(request: http.IncomingMessage): string | null {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname !== '/api') return 'no such endpoint';
    if (!names.has(request.headers.host ?? '')) return 'wrong Host';
    if (!origins.has(request.headers.origin ?? '')) return 'this API answers pages of its own origin only';
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return 'a valid token is required';
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${options.port} on ${host} is already in use` : `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`)),
    );
    server.listen({ host, port: options.port ?? 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '::1' ? '[::1]' : host;
  names = new Set([`${shown}:${port}`, ...(host === 'localhost' ? [`127.0.0.1:${port}`] : [`localhost:${port}`])]);
  origins = new Set([...names].map((name) => `http://${name}`));
  const origin = `http://${shown}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    workbench,
    async close() {
      for (const ws of sockets) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.workbench) await workbench.dispose();
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function plain(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message) });
  response.end(message);
}

function refuse(socket: Duplex, message: string): void {
  // A peer that resets while being refused has nothing more to learn.
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  socket.once('finish', () => socket.destroy());
}
