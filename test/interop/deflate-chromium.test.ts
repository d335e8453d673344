// permessage-deflate (RFC 7692) with Chromium's own WebSocket (through playwright-core), which
// offers it by default: against `wsb serve --echo --deflate` and against our WsServer with
// deflate options. The page (peers/deflate-page.html) is served from 127.0.0.1 by a tiny
// node:http server, since Chromium will not open ws://127.0.0.1 from about:blank.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import type { DeflateOptions } from '../../electron/protocol/deflate-negotiation';
import { HOST, MiB, PEERS, startOurEchoServer, startWsbServe, within } from './helpers';

type Case = ['text' | 'binary' | 'repeat', number];
interface EchoAll {
  extensions: string;
  results: Array<{ kind: string; length: number; equal: boolean }>;
  close: { code: number; reason: string; wasClean: boolean };
}

declare global {
  interface Window {
    deflateInterop: { echoAll(url: string, cases: Case[]): Promise<EchoAll> };
  }
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** 1 B to 16 MiB, text and binary, across the length forms and the 1 KiB threshold. */
const SIZES = [1, 125, 126, 1023, 1024, 65535, 65536, MiB, 16 * MiB];
const MATRIX: Case[] = SIZES.flatMap((size): Case[] => [
  ['text', size],
  ['binary', size],
]);

let browser: Browser | undefined;
let page: Page;
let httpServer: http.Server | undefined;

beforeAll(async () => {
  const html = readFileSync(`${PEERS}deflate-page.html`);
  httpServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => httpServer!.listen(0, HOST, resolve));
  browser = await within(chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }), 15_000, `launching ${CHROMIUM}`);
  page = await within(browser.newPage(), 10_000, 'a new page');
  await page.goto(`http://${HOST}:${(httpServer.address() as AddressInfo).port}/`, { timeout: 10_000 });
}, 30_000);

afterAll(async () => {
  if (browser) await within(browser.close(), 10_000, 'Chromium to close');
  if (httpServer) {
    httpServer.closeAllConnections();
    await within(new Promise<void>((resolve) => httpServer!.close(() => resolve())), 5_000, 'the page server to close');
  }
});

const echoAll = (url: string, cases: Case[]): Promise<EchoAll> => page.evaluate(([u, c]) => window.deflateInterop.echoAll(u, c), [url, cases] as const);

const expectedResults = (cases: Case[]): EchoAll['results'] =>
  cases.map(([kind, size]) => ({ kind: kind === 'text' ? 'text' : 'binary', length: kind === 'repeat' ? 2 * size : size, equal: true }));

/** Our WsServer with `deflate`, recording each connection's handshake and data frames both ways. */
async function ourDeflateServer(deflate: DeflateOptions): Promise<{ url: string; handshakes: HandshakeRecord[]; inbound: Frame[]; outbound: Frame[] }> {
  const ours = await startOurEchoServer({ deflate, recordFrames: true });
  onTestFinished(() => ours.stop());
  const handshakes: HandshakeRecord[] = [];
  const inbound: Frame[] = [];
  const outbound: Frame[] = [];
  ours.server.on('accept', (ws) => {
    ws.once('handshake', (record) => handshakes.push(record));
    ws.on('frame', (direction, frame) => frame.opcode < 8 && (direction === 'in' ? inbound : outbound).push(frame));
  });
  return { url: ours.url, handshakes, inbound, outbound };
}

describe('Chromium against `wsb serve --echo --deflate`', () => {
  let wsb: Awaited<ReturnType<typeof startWsbServe>> | undefined;
  beforeAll(async () => {
    wsb = await startWsbServe(['--echo', '--deflate']);
  });
  afterAll(async () => {
    await wsb?.process.stop();
  });

  it('agrees on permessage-deflate, and text and binary of 1 B to 16 MiB come back exactly', async () => {
    const result = await echoAll(wsb!.url, MATRIX);
    expect(result).toEqual({ extensions: 'permessage-deflate', results: expectedResults(MATRIX), close: { code: 1000, reason: '', wasClean: true } });
  });
});

describe('Chromium against our WsServer with deflate', () => {
  it('Chromium offers permessage-deflate; client_max_window_bits and compresses every message it sends', async () => {
    const ours = await ourDeflateServer({});
    const cases: Case[] = [
      ['text', 10],
      ['binary', 5000],
      ['text', 70_000],
    ];
    expect((await echoAll(ours.url, cases)).results).toEqual(expectedResults(cases));
    expect(ours.handshakes[0].request).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n/);
    expect(ours.handshakes[0].extensions).toBe('permessage-deflate');
    expect(ours.inbound.map((frame) => [frame.rsv1, frame.inflated?.length])).toEqual([
      [true, 10],
      [true, 5000],
      [true, 70_000],
    ]);
    expect(ours.inbound[2].payloadLength).toBeLessThan(1024);
  });

  it('with context takeover (the default), Chromium\'s repeat of a message costs a few bytes', async () => {
    const ours = await ourDeflateServer({});
    const cases: Case[] = [
      ['binary', 4096],
      ['binary', 4096],
    ];
    expect((await echoAll(ours.url, cases)).results).toEqual(expectedResults(cases));
    const [first, second] = ours.inbound.map((frame) => frame.payloadLength);
    expect(second).toBeLessThan(first / 4);
    expect(second).toBeLessThan(64);
  });

  it('our no_context_takeover and window bits: Chromium agrees, keeps to a 9-bit window, and echoes stay exact', async () => {
    const ours = await ourDeflateServer({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 9 });
    const cases: Case[] = [
      ['repeat', 8192],
      ['text', 5000],
      ['text', 5000],
      ['binary', MiB],
    ];
    const result = await echoAll(ours.url, cases);
    expect(result.extensions).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9');
    expect(result.results).toEqual(expectedResults(cases));
    // A 512-byte window cannot reach the copy 8 KiB back; without context takeover the repeated text costs as much again.
    const [repeat, text1, text2] = ours.inbound;
    expect(repeat.payloadLength).toBeGreaterThan(16384);
    expect(text2.payloadLength).toBe(text1.payloadLength);
  });

  it('server_max_window_bits=8: our server sends uncompressed (zlib cannot keep to 256 bytes), Chromium still compresses', async () => {
    const ours = await ourDeflateServer({ serverMaxWindowBits: 8 });
    const cases: Case[] = [['text', 70_000]];
    const result = await echoAll(ours.url, cases);
    expect(result.extensions).toBe('permessage-deflate; server_max_window_bits=8');
    expect(result.results).toEqual(expectedResults(cases));
    expect(ours.inbound[0].rsv1).toBe(true);
    expect(ours.outbound[0]).toMatchObject({ rsv1: false, payloadLength: 70_000 });
  });
});
