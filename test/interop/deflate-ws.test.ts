// permessage-deflate (RFC 7692) with the `ws` npm package both ways: its client against our
// WsServer, our client against its WebSocketServer, with no_context_takeover and window bits.
// ws inflates with exactly the window it agreed to, so a peer that compresses with a wider
// one fails there ("invalid distance too far back"). Then wss://: a ws client against our
// server with a self-signed certificate, and our client presenting a client certificate to
// a ws server on https.createServer({ requestCert: true }).
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import type { Frame } from '../../shared/frame-record';
import type { MessageKind } from '../../electron/protocol/connection';
import type { DeflateOptions } from '../../electron/protocol/deflate-negotiation';
import { connect, type ConnectOptions } from '../../electron/transport/client';
import { selfSignedCertificate } from '../../electron/transport/tls-setup';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { makeCertificates, type TestCertificates } from '../integration/certificates';
import { binaryPattern, HOST, MiB, opened, startOurEchoServer, startProcess, textPattern, waitFor, within, WSB } from './helpers';

/** 1 B to 16 MiB; 16 MiB once, as binary. */
const CASES: Array<{ kind: MessageKind; size: number }> = [
  ...[1, 1023, 1024, 65536, MiB].flatMap((size) => (['text', 'binary'] as const).map((kind) => ({ kind, size }))),
  { kind: 'binary', size: 16 * MiB },
];
const payloadOf = (kind: MessageKind, size: number): Buffer => (kind === 'text' ? textPattern(size) : binaryPattern(size));

/** `n` random bytes twice in a row: only a window wider than `n` can see the repeat. */
function repeatedRandom(n: number): Buffer {
  const block = randomBytes(n);
  return Buffer.concat([block, block]);
}

let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeCertificates();
});
afterAll(() => certs?.remove());

/** A ws client once open, with the Sec-WebSocket-Extensions it was answered; terminated after the test. */
async function openWsClient(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<{ ws: WebSocket; agreed: string | undefined }> {
  const ws = new WebSocket(url, options);
  onTestFinished(() => ws.terminate());
  let agreed: string | undefined;
  ws.once('upgrade', (response) => (agreed = response.headers['sec-websocket-extensions'] as string | undefined));
  await within(once(ws, 'open'), 5_000, 'ws client open');
  return { ws, agreed };
}

/** Send with ws and wait for the echo; compare with Buffer.equals (toEqual is slow on megabytes). */
async function wsEcho(ws: WebSocket, kind: MessageKind, data: Buffer): Promise<void> {
  const echo = within(once(ws, 'message'), 15_000, 'the echo at the ws client') as Promise<[Buffer, boolean]>;
  ws.send(data, { binary: kind === 'binary' });
  const [back, isBinary] = await echo;
  expect(isBinary).toBe(kind === 'binary');
  expect(back.length).toBe(data.length);
  expect(back.equals(data), `${kind} ${data.length} B came back exactly`).toBe(true);
}

/** Our WsServer with `deflate`, recording incoming data frames. */
async function ourServer(deflate: DeflateOptions): Promise<{ url: string; inbound: Frame[] }> {
  const ours = await startOurEchoServer({ deflate, recordFrames: true });
  onTestFinished(() => ours.stop());
  const inbound: Frame[] = [];
  ours.server.on('accept', (ws) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode < 8 && inbound.push(frame)));
  return { url: ours.url, inbound };
}

/** A ws WebSocketServer with perMessageDeflate, echoing; records the extension header it answered and its errors. */
async function startWsServer(perMessageDeflate: PerMessageDeflateOptions | boolean, server?: https.Server): Promise<{ url: string; answered: string[]; errors: string[]; wss: WebSocketServer }> {
  const wss = server ? new WebSocketServer({ server, perMessageDeflate }) : new WebSocketServer({ host: HOST, port: 0, perMessageDeflate });
  const answered: string[] = [];
  const errors: string[] = [];
  wss.on('headers', (headers) => answered.push(headers.find((h) => /^sec-websocket-extensions:/i.test(h))?.replace(/^[^:]*: */, '') ?? ''));
  wss.on('connection', (ws) => {
    ws.on('error', (error) => errors.push(error.message));
    ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  });
  if (!server) await within(once(wss, 'listening'), 5_000, 'ws server listening');
  onTestFinished(async () => {
    for (const client of wss.clients) client.terminate();
    await within(new Promise<void>((resolve) => wss.close(() => resolve())), 5_000, 'ws server to stop');
  });
  const port = ((server ?? wss).address() as AddressInfo).port;
  return { url: `${server ? 'wss' : 'ws'}://${HOST}:${port}/`, answered, errors, wss };
}

/** Our client once open, with its agreed extension and its data frames; terminated after the test. */
async function openOurs(url: string, options: ConnectOptions): Promise<{ ws: WsSocket; agreed: string | null; frames: { in: Frame[]; out: Frame[] } }> {
  const ws = connect(url, { ...options, recordFrames: true });
  onTestFinished(() => ws.terminate());
  const handshake = waitFor(ws, 'handshake');
  const frames = { in: [] as Frame[], out: [] as Frame[] };
  ws.on('frame', (direction, frame) => frame.opcode < 8 && frames[direction].push(frame));
  await opened(ws);
  return { ws, agreed: (await handshake)[0].extensions, frames };
}

/** Send with our client and wait for the echo. */
async function ourEcho(ws: WsSocket, kind: MessageKind, data: Buffer): Promise<void> {
  const echo = waitFor(ws, 'message', 15_000);
  ws.send(kind, data);
  const [backKind, back] = await echo;
  expect(backKind).toBe(kind);
  expect(back.equals(data), `${kind} ${data.length} B came back exactly`).toBe(true);
}

describe('the ws client (perMessageDeflate) against our WsServer with deflate', () => {
  it('agrees on permessage-deflate; 1 B to 16 MiB come back exactly, every message of ws compressed', async () => {
    const ours = await ourServer({});
    const { ws, agreed } = await openWsClient(ours.url, { perMessageDeflate: true });
    expect(agreed).toBe('permessage-deflate');
    for (const { kind, size } of CASES) await wsEcho(ws, kind, payloadOf(kind, size));
    // ws applies its 1024-byte threshold only without context takeover: here it compresses everything.
    expect(ours.inbound.map((frame) => frame.rsv1)).toEqual(CASES.map(() => true));
    expect(ours.inbound.at(-1)!.payloadLength).toBeLessThan(MiB);
  });

  it('ws offering no context takeover and window bits (server 10, client 11): our answer, and exact echoes', async () => {
    const ours = await ourServer({});
    const { ws, agreed } = await openWsClient(ours.url, {
      perMessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 11 },
    });
    expect(agreed).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10');
    const repeated = repeatedRandom(4096);
    const messages: Array<[MessageKind, Buffer]> = [
      ['binary', repeated],
      ['binary', repeated],
      ['text', textPattern(5000)],
      ['text', textPattern(5000)],
    ];
    for (const [kind, data] of messages) await wsEcho(ws, kind, data);
    // No context takeover at ws's end: the same message costs the same twice.
    expect(ours.inbound[1].payloadLength).toBe(ours.inbound[0].payloadLength);
    expect(ours.inbound[3].payloadLength).toBe(ours.inbound[2].payloadLength);
  });

  it('ws offering server_max_window_bits=9 with context takeover: our server compresses message after message within 512 bytes', async () => {
    const ours = await ourServer({});
    const { ws, agreed } = await openWsClient(ours.url, { perMessageDeflate: { serverMaxWindowBits: 9 } });
    expect(agreed).toBe('permessage-deflate; server_max_window_bits=9');
    // ws inflates with a 9-bit window: a back-reference further than 512 bytes, into this message or the last, fails there.
    const repeated = repeatedRandom(2048);
    const messages: Array<[MessageKind, Buffer]> = [
      ['binary', repeated],
      ['binary', repeated],
      ['text', textPattern(3000)],
      ['text', textPattern(3000)],
      ['binary', binaryPattern(MiB)],
    ];
    for (const [kind, data] of messages) await wsEcho(ws, kind, data);
  });

  it('our server answering client_max_window_bits=9 to ws\'s bare offer: ws keeps to 512 bytes', async () => {
    const ours = await ourServer({ clientMaxWindowBits: 9 });
    const { ws, agreed } = await openWsClient(ours.url, { perMessageDeflate: true });
    expect(agreed).toBe('permessage-deflate; client_max_window_bits=9');
    await wsEcho(ws, 'binary', repeatedRandom(4096));
    expect(ours.inbound[0].payloadLength).toBeGreaterThan(8192);
  });
});

describe('our client with deflate against the ws WebSocketServer (perMessageDeflate)', () => {
  it('agrees on permessage-deflate; 1 B to 16 MiB come back exactly; we compress from 1 KiB on, ws everything', async () => {
    const theirs = await startWsServer(true);
    const { ws, agreed, frames } = await openOurs(theirs.url, { deflate: {} });
    expect(agreed).toBe('permessage-deflate');
    for (const { kind, size } of CASES) await ourEcho(ws, kind, payloadOf(kind, size));
    expect(frames.out.map((frame) => frame.rsv1)).toEqual(CASES.map(({ size }) => size >= 1024));
    expect(frames.in.map((frame) => frame.rsv1)).toEqual(CASES.map(() => true));
    expect(theirs.errors).toEqual([]);
  });

  it('ws demanding no context takeover and 10-bit windows: our client keeps to them, or ws could not inflate', async () => {
    const theirs = await startWsServer({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 10, threshold: 0 });
    const { ws, agreed, frames } = await openOurs(theirs.url, { deflate: { threshold: 1 } });
    // ws lists the parameters in its own order.
    expect(agreed).toBe('permessage-deflate; client_max_window_bits=10; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10');
    const repeated = repeatedRandom(8192);
    const messages: Array<[MessageKind, Buffer]> = [
      ['binary', repeated],
      ['binary', repeated],
      ['text', Buffer.from('x')],
      ['text', textPattern(3000)],
    ];
    for (const [kind, data] of messages) await ourEcho(ws, kind, data);
    // A 1 KiB window cannot reach the copy 8 KiB back, and without context takeover the repeat costs as much again.
    expect(frames.out[0].payloadLength).toBeGreaterThan(16384);
    expect(frames.out[1].payloadLength).toBe(frames.out[0].payloadLength);
    // ws's threshold 0: even one byte comes compressed, and we inflate it.
    expect(frames.in[2]).toMatchObject({ rsv1: true, inflated: Buffer.from('x') });
    expect(theirs.errors).toEqual([]);
  });

  it('our client offering server_max_window_bits=9 and server_no_context_takeover: ws agrees and compresses within them', async () => {
    const theirs = await startWsServer(true);
    const { ws, agreed, frames } = await openOurs(theirs.url, { deflate: { serverMaxWindowBits: 9, serverNoContextTakeover: true } });
    expect(agreed).toBe('permessage-deflate; server_no_context_takeover; server_max_window_bits=9');
    const repeated = repeatedRandom(4096);
    await ourEcho(ws, 'binary', repeated);
    await ourEcho(ws, 'binary', repeated);
    expect(frames.in[0].payloadLength).toBeGreaterThan(8192);
    expect(frames.in[1].payloadLength).toBe(frames.in[0].payloadLength);
  });

  it('our client offering client_no_context_takeover: each of our messages is compressed on its own', async () => {
    const theirs = await startWsServer(true);
    const { ws, agreed, frames } = await openOurs(theirs.url, { deflate: { clientNoContextTakeover: true } });
    expect(agreed).toBe('permessage-deflate; client_no_context_takeover');
    const block = randomBytes(2048);
    await ourEcho(ws, 'binary', block);
    await ourEcho(ws, 'binary', block);
    expect(frames.out[1].payloadLength).toBe(frames.out[0].payloadLength);
    // ws keeps its context: its repeat is a back-reference of a few bytes.
    expect(frames.in[1].payloadLength).toBeLessThan(32);
  });
});

describe('wss:// with ws', () => {
  it('the ws client trusting our self-signed certificate, with permessage-deflate over TLS', async () => {
    const pair = await selfSignedCertificate();
    const ours = await startOurEchoServer({ tls: pair, deflate: {}, recordFrames: true });
    onTestFinished(() => ours.stop());
    const inbound: Frame[] = [];
    ours.server.on('accept', (ws) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode < 8 && inbound.push(frame)));
    const { ws, agreed } = await openWsClient(`wss://${HOST}:${ours.port}/`, { ca: pair.cert, perMessageDeflate: true });
    expect(agreed).toBe('permessage-deflate');
    expect(((ws as unknown as { _socket: TLSSocket })._socket).authorized).toBe(true);
    await wsEcho(ws, 'text', textPattern(100_000));
    expect(inbound[0].rsv1).toBe(true);
  });

  /** https.createServer({ requestCert: true }) with a ws server on it: only clients with a certificate from the test CA get through. */
  async function startMutualTlsWsServer(): Promise<{ url: string; peers: Array<{ subject: string; authorized: boolean }>; answered: string[] }> {
    const server = https.createServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true });
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
    const started = await startWsServer(true, server);
    const peers: Array<{ subject: string; authorized: boolean }> = [];
    started.wss.on('connection', (_ws, request) => {
      const socket = request.socket as TLSSocket;
      peers.push({ subject: String(socket.getPeerCertificate().subject?.CN), authorized: socket.authorized });
    });
    onTestFinished(async () => {
      server.closeAllConnections();
      await within(new Promise<void>((resolve) => server.close(() => resolve())), 5_000, 'the https server to close');
    });
    return { url: started.url, peers, answered: started.answered };
  }

  it('our client presents `cert` and `key`; the https server verifies it; ALPN agrees on http/1.1; deflate works inside', async () => {
    const theirs = await startMutualTlsWsServer();
    const ws = connect(theirs.url, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key, deflate: {}, recordFrames: true });
    onTestFinished(() => ws.terminate());
    const handshake = waitFor(ws, 'handshake');
    await opened(ws);
    const [record] = await handshake;
    expect(record.tls).toMatchObject({ protocol: 'TLSv1.3', alpn: 'http/1.1', authorized: true, peerCertificate: { subject: 'CN=wsb test server' } });
    expect(record.extensions).toBe('permessage-deflate');
    expect(theirs.peers).toEqual([{ subject: 'wsb test client', authorized: true }]);
    await ourEcho(ws, 'binary', binaryPattern(MiB));
  });

  it('without a client certificate: one sentence saying the server requires one', async () => {
    const theirs = await startMutualTlsWsServer();
    const ws = connect(theirs.url, { ca: certs.ca.cert });
    onTestFinished(() => ws.terminate());
    const closed = waitFor(ws, 'close');
    const [error] = await waitFor(ws, 'failure');
    expect(error.message).toBe('the server requires a client certificate (give one with --cert FILE --key FILE)');
    expect((await closed)[0]).toMatchObject({ code: 1006, wasClean: false });
    expect(theirs.peers).toEqual([]);
  });

  it('`wsb connect --ca --cert --key --deflate --json` through the same server: TLS and extension in the handshake line, exit 0', async () => {
    const theirs = await startMutualTlsWsServer();
    const wsb = startProcess(
      process.execPath,
      [WSB, 'connect', theirs.url, '--ca', certs.files.ca.cert, '--cert', certs.files.client.cert, '--key', certs.files.client.key, '--deflate', '--json'],
      'pipe',
    );
    onTestFinished(() => wsb.stop());
    const line = 'mutual TLS and deflate '.repeat(100);
    wsb.child.stdin!.end(`${line}\n`);
    expect(await wsb.exited(5_000)).toEqual({ code: 0, signal: null });
    const lines = wsb.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'handshake', extensions: 'permessage-deflate', tls: { authorized: true, alpn: 'http/1.1' } });
    expect(lines.filter((l) => l.type === 'frame' && l.opcode === 1).map((l) => [l.direction, l.rsv1, l.inflatedLength])).toEqual([
      ['out', true, line.length],
      ['in', true, line.length],
    ]);
    expect(theirs.peers).toEqual([{ subject: 'wsb test client', authorized: true }]);
  });
});
