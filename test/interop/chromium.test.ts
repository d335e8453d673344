// Interop with Chromium's own WebSocket (through playwright-core) against our WsServer.
// Chromium will not open ws://127.0.0.1 from about:blank, so the page (peers/page.html)
// is served from 127.0.0.1 by a tiny node:http server; the page drives its WebSocket
// through window.interop, and our server records what arrived.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandshakeRecord } from '../../shared/handshake-record';
import type { CloseEvent, MessageKind } from '../../electron/protocol/connection';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { binaryPattern, HOST, MiB, PEERS, startOurEchoServer, textPattern, waitFor, within } from './helpers';

interface PageClose {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** window.interop in peers/page.html. */
interface PageInterop {
  echo(url: string, kind: MessageKind, size: number): Promise<{ kind: string; length: number; equal: boolean; ms: number; close: PageClose }>;
  closeWith(url: string, code: number | null, reason: string): Promise<PageClose>;
  untilServerCloses(url: string, protocols: string[]): Promise<{ protocol: string; extensions: string; close: PageClose }>;
  handshake(url: string, protocols: string[]): Promise<{ protocol: string; extensions: string } | { error: string }>;
  burst(url: string, count: number): Promise<{ count: number; inOrder: boolean }>;
  openAndLeave(url: string): Promise<void>;
}

declare global {
  interface Window {
    interop: PageInterop;
  }
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;
let page: Page;
let httpServer: http.Server | undefined;
let ours: Awaited<ReturnType<typeof startOurEchoServer>> | undefined;
let wsBase = '';
let pageUrl = '';
let nextId = 0;

/** What our server saw of each connection, by request path. */
const seen = new Map<string, { ws: WsSocket; handshake: HandshakeRecord | null; messages: Array<[MessageKind, Buffer]>; closed: Promise<CloseEvent> }>();
const arrivals = new Map<string, (ws: WsSocket) => void>();

/** A fresh path, so each test finds its own connection on our server. */
function freshPath(name: string): string {
  return `/${name}?id=${nextId++}`;
}

/** Our side of the connection the page opens to `path`. */
function connectionAt(path: string): Promise<WsSocket> {
  const already = seen.get(path);
  if (already) return Promise.resolve(already.ws);
  return within(new Promise<WsSocket>((resolve) => arrivals.set(path, resolve)), 10_000, `the page's connection to ${path}`);
}

beforeAll(async () => {
  ours = await startOurEchoServer({ subprotocols: ['chat', 'superchat'] });
  wsBase = `ws://${HOST}:${ours.port}`;
  ours.server.on('accept', (ws) => {
    let handshake: HandshakeRecord | null = null;
    ws.once('handshake', (record) => (handshake = record));
    const closed = new Promise<CloseEvent>((resolve) => ws.once('close', resolve));
    ws.once('open', () => {
      const path = handshake?.request?.split(' ')[1] ?? '';
      const entry = { ws, handshake, messages: [] as Array<[MessageKind, Buffer]>, closed };
      ws.on('message', (kind, data) => entry.messages.push([kind, data]));
      seen.set(path, entry);
      arrivals.get(path)?.(ws);
    });
  });

  const html = readFileSync(`${PEERS}page.html`);
  httpServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => httpServer!.listen(0, HOST, resolve));
  const httpPort = (httpServer.address() as AddressInfo).port;

  browser = await within(chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }), 15_000, `launching ${CHROMIUM}`);
  page = await within(browser.newPage(), 10_000, 'a new page');
  pageUrl = `http://${HOST}:${httpPort}/`;
  await page.goto(pageUrl, { timeout: 10_000 });
}, 30_000);

afterAll(async () => {
  if (browser) await within(browser.close(), 10_000, 'Chromium to close');
  if (httpServer) {
    httpServer.closeAllConnections();
    await within(new Promise<void>((resolve) => httpServer!.close(() => resolve())), 5_000, 'the page server to close');
  }
  await ours?.stop();
});

describe('RFC 6455 §4 opening handshake with Chromium', () => {
  it('Chromium offers permessage-deflate; our server declines it by not answering the offer', async () => {
    const path = freshPath('handshake');
    const outcome = await page.evaluate(([url]) => window.interop.handshake(url, []), [`${wsBase}${path}`]);
    expect(outcome).toEqual({ protocol: '', extensions: '' });
    const record = seen.get(path)!.handshake!;
    expect(record.request).toMatch(/^Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r$/im);
    expect(record.response).not.toMatch(/Sec-WebSocket-Extensions/i);
    expect(record.extensions).toBeNull();
  });

  it('sends an Origin for the page, and our server answers 101', async () => {
    const path = freshPath('origin');
    await page.evaluate(([url]) => window.interop.handshake(url, []), [`${wsBase}${path}`]);
    const record = seen.get(path)!.handshake!;
    expect(record.request).toMatch(new RegExp(`^Origin: http://${HOST.replace(/\./g, '\\.')}:\\d+\\r$`, 'm'));
    expect(record.status).toBe(101);
  });

  it('our server picks the subprotocol it prefers among those Chromium offers', async () => {
    const outcome = await page.evaluate(([url]) => window.interop.handshake(url, ['superchat', 'chat']), [`${wsBase}${freshPath('subprotocol')}`]);
    expect(outcome).toEqual({ protocol: 'chat', extensions: '' });
  });

  it('with no subprotocol in common our server sends none, and Chromium fails the connection by its own rule', async () => {
    const outcome = await page.evaluate(([url]) => window.interop.handshake(url, ['mqtt']), [`${wsBase}${freshPath('subprotocol')}`]);
    expect(outcome).toEqual({ error: 'closed before open with 1006' });
  });
});

describe('RFC 6455 §5.6 data frames: Chromium sends, our server echoes', () => {
  const cases = (['text', 'binary'] as const).flatMap((kind) => [1, 125, 126, 65535, 65536, MiB].map((size) => ({ kind, size })));

  it.each([...cases, { kind: 'binary' as const, size: 16 * MiB }])('$kind, $size bytes', async ({ kind, size }) => {
    const path = freshPath('echo');
    const result = await page.evaluate(([url, k, n]) => window.interop.echo(url, k, n), [`${wsBase}${path}`, kind, size] as const);
    expect(result).toMatchObject({ kind, length: size, equal: true, close: { code: 1000, wasClean: true } });
    const [[receivedKind, received]] = seen.get(path)!.messages;
    expect(receivedKind).toBe(kind);
    expect(received.equals(kind === 'text' ? textPattern(size) : binaryPattern(size)), 'our server got the exact bytes').toBe(true);
  });
});

describe('many messages at once', () => {
  it('a burst of 2000 messages from Chromium comes back complete and in order', async () => {
    const path = freshPath('burst');
    const result = await page.evaluate(([url]) => window.interop.burst(url, 2000), [`${wsBase}${path}`]);
    expect(result).toEqual({ count: 2000, inOrder: true });
    expect(seen.get(path)!.messages.map(([, data]) => data.toString())).toEqual(Array.from({ length: 2000 }, (_, i) => `message ${i}`));
  });
});

describe('RFC 6455 §5.5.2 ping: Chromium answers ours', () => {
  it('a ping from our server gets a pong with the same payload', async () => {
    const path = freshPath('ping');
    const pageSide = page.evaluate(([url]) => window.interop.untilServerCloses(url, []), [`${wsBase}${path}`]);
    const ws = await connectionAt(path);
    const pong = waitFor(ws, 'pong');
    ws.ping(Buffer.from('ping from our server'));
    expect((await pong)[0].toString()).toBe('ping from our server');
    ws.close(1000);
    expect((await pageSide).close).toEqual({ code: 1000, reason: '', wasClean: true });
  });
});

describe('RFC 6455 §7 closing with Chromium', () => {
  it.each([
    { code: 1000, reason: '' },
    { code: 3000, reason: 'registered' },
    { code: 4000, reason: 'page says bye ✓' },
  ])('the page closes with $code: our server reports it, the page gets the code back', async ({ code, reason }) => {
    const path = freshPath('close');
    const pageClose = await page.evaluate(([url, c, r]) => window.interop.closeWith(url, c, r), [`${wsBase}${path}`, code, reason] as const);
    expect(pageClose).toEqual({ code, reason: '', wasClean: true });
    expect(await within(seen.get(path)!.closed, 5_000, 'close at our server')).toEqual({ code, reason, wasClean: true, initiatedBy: 'remote' });
  });

  it('the page closes without a code: our server reports 1005 and the page sees 1005', async () => {
    const path = freshPath('close');
    const pageClose = await page.evaluate(([url]) => window.interop.closeWith(url, null, ''), [`${wsBase}${path}`]);
    expect(pageClose).toEqual({ code: 1005, reason: '', wasClean: true });
    expect(await within(seen.get(path)!.closed, 5_000, 'close at our server')).toEqual({ code: 1005, reason: '', wasClean: true, initiatedBy: 'remote' });
  });

  it('leaving the page closes the connection with 1001 Going Away (§7.4.1)', async () => {
    const path = freshPath('leave');
    await page.evaluate(([url]) => window.interop.openAndLeave(url), [`${wsBase}${path}`]);
    await connectionAt(path);
    await page.goto(pageUrl, { timeout: 10_000 });
    expect(await within(seen.get(path)!.closed, 5_000, 'close at our server')).toEqual({ code: 1001, reason: '', wasClean: true, initiatedBy: 'remote' });
  });

  it.each([
    { code: 1001, reason: 'going away' },
    { code: 4001, reason: 'server says bye ✓' },
  ])('our server closes with $code: the page sees the code and reason', async ({ code, reason }) => {
    const path = freshPath('server-close');
    const pageSide = page.evaluate(([url]) => window.interop.untilServerCloses(url, []), [`${wsBase}${path}`]);
    const ws = await connectionAt(path);
    ws.close(code, reason);
    expect((await pageSide).close).toEqual({ code, reason, wasClean: true });
    expect(await within(seen.get(path)!.closed, 5_000, 'close at our server')).toMatchObject({ code, wasClean: true, initiatedBy: 'local' });
  });
});
