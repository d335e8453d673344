// Interop with the `ws` npm package both ways: its client against our WsServer, our client
// against its WebSocketServer. ws runs without permessage-deflate, which we do not speak yet.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket, WebSocketServer, type ServerOptions as WsServerOptions } from 'ws';
import type { MessageKind } from '../../electron/protocol/connection';
import { connect, type ConnectOptions } from '../../electron/transport/client';
import type { WsServer } from '../../electron/transport/server';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { binaryPattern, HOST, MiB, opened, startOurEchoServer, textPattern, waitFor, within } from './helpers';

const SIZES = [0, 125, 126, 65536, MiB, 16 * MiB];
const KINDS: MessageKind[] = ['text', 'binary'];
const MATRIX = KINDS.flatMap((kind) => SIZES.map((size) => ({ kind, size })));
const payloadOf = (kind: MessageKind, size: number): Buffer => (kind === 'text' ? textPattern(size) : binaryPattern(size));

/** A ws WebSocketServer on an ephemeral port, echoing every message with its type unless told otherwise. */
async function startWsServer(options: WsServerOptions = {}, echo = true): Promise<{ wss: WebSocketServer; url: string; stop: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: HOST, port: 0, perMessageDeflate: false, ...options });
  if (echo) wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary })));
  await within(once(wss, 'listening'), 5_000, 'ws server listening');
  const stop = async (): Promise<void> => {
    for (const client of wss.clients) client.terminate();
    await within(new Promise<void>((resolve) => wss.close(() => resolve())), 5_000, 'ws server to stop');
  };
  return { wss, url: `ws://${HOST}:${(wss.address() as AddressInfo).port}/`, stop };
}

/** A ws client once open; terminated after the test. */
async function openWsClient(url: string, protocols: string[] = []): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
  onTestFinished(() => ws.terminate());
  await within(once(ws, 'open'), 5_000, 'ws client open');
  return ws;
}

/** Our client once open; terminated after the test. */
async function openOurClient(url: string, options: ConnectOptions = {}): Promise<WsSocket> {
  const ws = connect(url, options);
  onTestFinished(() => ws.terminate());
  await opened(ws);
  return ws;
}

/** The next message on a ws socket, as [data, isBinary]. */
async function nextWsMessage(ws: WebSocket, ms = 10_000): Promise<[Buffer, boolean]> {
  const [data, isBinary] = (await within(once(ws, 'message'), ms, 'a message at the ws peer')) as [Buffer, boolean];
  return [data, isBinary];
}

/** The next connection our server accepts, once open. */
function nextConnection(server: WsServer): Promise<WsSocket> {
  return within(once(server, 'connection').then(([ws]) => ws as WsSocket), 5_000, 'a connection at our server');
}

describe('the ws client against our WsServer', () => {
  let ours: Awaited<ReturnType<typeof startOurEchoServer>>;
  beforeAll(async () => {
    ours = await startOurEchoServer({ subprotocols: ['chat', 'chat.v2'] });
  });
  afterAll(async () => {
    await ours?.stop();
  });

  describe('RFC 6455 §5.6 data frames: a message goes to our server and comes back', () => {
    it.each(MATRIX)('$kind, $size bytes', async ({ kind, size }) => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const sent = payloadOf(kind, size);
      const received = waitFor(peer, 'message', 20_000);
      ws.send(sent, { binary: kind === 'binary' });
      const [receivedKind, receivedData] = await received;
      expect(receivedKind).toBe(kind);
      expect(receivedData.equals(sent), 'our server got the exact bytes').toBe(true);
      const [echo, isBinary] = await nextWsMessage(ws, 20_000);
      expect(isBinary).toBe(kind === 'binary');
      expect(echo.length).toBe(size);
      expect(echo.equals(sent), 'ws got the exact bytes back').toBe(true);
    });
  });

  describe('RFC 6455 §5.4 fragmentation: ws sends a message in fragments', () => {
    it('a text message in three fragments, one splitting a 4-byte character, arrives as one message', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const whole = Buffer.from('frag 😀 mented', 'utf8');
      const cut = whole.indexOf(0xf0) + 1; // inside the emoji
      const received = waitFor(peer, 'message');
      ws.send(whole.subarray(0, 4), { binary: false, fin: false });
      ws.send(whole.subarray(4, cut), { binary: false, fin: false });
      ws.send(whole.subarray(cut), { binary: false, fin: true });
      const [kind, data] = await received;
      expect(kind).toBe('text');
      expect(data.toString('utf8')).toBe('frag 😀 mented');
      const [echo, isBinary] = await nextWsMessage(ws);
      expect([echo.toString('utf8'), isBinary]).toEqual(['frag 😀 mented', false]);
    });

    it('a 1 MiB binary message in 16 fragments arrives as one message', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const whole = binaryPattern(MiB);
      const received = waitFor(peer, 'message');
      for (let i = 0; i < 16; i++) ws.send(whole.subarray(i * 65536, (i + 1) * 65536), { binary: true, fin: i === 15 });
      const [kind, data] = await received;
      expect(kind).toBe('binary');
      expect(data.equals(whole)).toBe(true);
      const [echo] = await nextWsMessage(ws);
      expect(echo.equals(whole)).toBe(true);
    });

    it('fragments with empty pieces and a ping between them', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const received = waitFor(peer, 'message');
      const pong = within(once(ws, 'pong'), 5_000, 'pong at ws');
      ws.send(Buffer.alloc(0), { binary: true, fin: false });
      ws.send(Buffer.from([1, 2]), { binary: true, fin: false });
      ws.ping(Buffer.from('between'));
      ws.send(Buffer.alloc(0), { binary: true, fin: false });
      ws.send(Buffer.from([3]), { binary: true, fin: true });
      expect(((await pong)[0] as Buffer).toString()).toBe('between');
      const [kind, data] = await received;
      expect([kind, [...data]]).toEqual(['binary', [1, 2, 3]]);
    });
  });

  describe('RFC 6455 §5.5.2 / §5.5.3 ping and pong', () => {
    it('ws pings our server; our server answers with a pong carrying the same payload', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const payload = binaryPattern(125);
      const pingAtServer = waitFor(peer, 'ping');
      const pong = within(once(ws, 'pong'), 5_000, 'pong at ws');
      ws.ping(payload);
      expect((await pingAtServer)[0].equals(payload)).toBe(true);
      expect(((await pong)[0] as Buffer).equals(payload)).toBe(true);
    });

    it('our server pings ws; ws answers with a pong carrying the same payload', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const pingAtWs = within(once(ws, 'ping'), 5_000, 'ping at ws');
      const pong = waitFor(peer, 'pong');
      peer.ping(Buffer.from('are you there?'));
      expect(((await pingAtWs)[0] as Buffer).toString()).toBe('are you there?');
      expect((await pong)[0].toString()).toBe('are you there?');
      peer.ping();
      expect((await waitFor(peer, 'pong'))[0].length).toBe(0);
    });
  });

  describe('RFC 6455 §7 closing: codes and reasons both ways', () => {
    const closes = [
      { code: 1000, reason: '' },
      { code: 1001, reason: 'going away' },
      { code: 3000, reason: 'registered' },
      { code: 4999, reason: 'ünïcödé ✓' },
      { code: 4000, reason: 'r'.repeat(123) },
    ];

    it.each(closes)('ws closes with $code; our server sees the code and reason, ws gets the code back', async ({ code, reason }) => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const closedAtServer = waitFor(peer, 'close');
      const closedAtWs = within(once(ws, 'close'), 5_000, 'close at ws');
      ws.close(code, reason);
      expect((await closedAtServer)[0]).toEqual({ code, reason, wasClean: true, initiatedBy: 'remote' });
      const [wsCode] = (await closedAtWs) as [number, Buffer];
      expect(wsCode).toBe(code);
    });

    it.each(closes)('our server closes with $code; ws sees the code and reason', async ({ code, reason }) => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const closedAtServer = waitFor(peer, 'close');
      const closedAtWs = within(once(ws, 'close'), 5_000, 'close at ws');
      peer.close(code, reason);
      const [wsCode, wsReason] = (await closedAtWs) as [number, Buffer];
      expect([wsCode, wsReason.toString('utf8')]).toEqual([code, reason]);
      // ws echoes the code and the reason (RFC 6455 §5.5.1 lets it).
      expect((await closedAtServer)[0]).toEqual({ code, reason, wasClean: true, initiatedBy: 'local' });
    });

    it('ws closes without a code: our server reports 1005, and ws gets an empty Close back (1005)', async () => {
      const serverSide = nextConnection(ours.server);
      const ws = await openWsClient(ours.url);
      const peer = await serverSide;
      const closedAtServer = waitFor(peer, 'close');
      const closedAtWs = within(once(ws, 'close'), 5_000, 'close at ws');
      ws.close();
      expect((await closedAtServer)[0]).toMatchObject({ code: 1005, reason: '', wasClean: true });
      expect((await closedAtWs)[0]).toBe(1005);
    });

    it('shutting our server down closes ws with 1001', async () => {
      const other = await startOurEchoServer();
      onTestFinished(() => other.stop());
      const ws = await openWsClient(other.url);
      const closedAtWs = within(once(ws, 'close'), 5_000, 'close at ws');
      await within(other.server.close(), 5_000, 'our server to close');
      const [wsCode, wsReason] = (await closedAtWs) as [number, Buffer];
      expect([wsCode, wsReason.toString()]).toEqual([1001, 'server shutting down']);
    });
  });

  describe('RFC 6455 §4.2.2 subprotocol negotiation', () => {
    it('our server picks its most preferred subprotocol among those ws offers', async () => {
      const ws = await openWsClient(ours.url, ['chat.v2', 'chat']);
      expect(ws.protocol).toBe('chat');
    });

    it('our server picks the only one it shares with ws', async () => {
      const ws = await openWsClient(ours.url, ['other', 'chat.v2']);
      expect(ws.protocol).toBe('chat.v2');
    });

    it('with nothing in common our server sends no Sec-WebSocket-Protocol, which ws refuses by its own rule', async () => {
      const ws = new WebSocket(ours.url, ['unknown'], { perMessageDeflate: false });
      onTestFinished(() => ws.terminate());
      const [error] = (await within(once(ws, 'error'), 5_000, 'ws handshake error')) as [Error];
      expect(error.message).toBe('Server sent no subprotocol');
    });

    it('ws offering permessage-deflate (its default) gets no extension and still talks', async () => {
      const ws = new WebSocket(ours.url);
      onTestFinished(() => ws.terminate());
      await within(once(ws, 'open'), 5_000, 'ws client open');
      expect(ws.extensions).toBe('');
      ws.send('not compressed');
      const [echo, isBinary] = await nextWsMessage(ws);
      expect([echo.toString(), isBinary]).toEqual(['not compressed', false]);
    });

    it('ws offering none gets none', async () => {
      const ws = await openWsClient(ours.url);
      expect(ws.protocol).toBe('');
    });
  });
});

describe('our client against the ws WebSocketServer', () => {
  let theirs: Awaited<ReturnType<typeof startWsServer>>;
  beforeAll(async () => {
    theirs = await startWsServer();
  });
  afterAll(async () => {
    await theirs?.stop();
  });

  /** The ws side of the next connection to `wss`. */
  function nextWsConnection(wss: WebSocketServer): Promise<WebSocket> {
    return within(once(wss, 'connection').then(([ws]) => ws as WebSocket), 5_000, 'a connection at the ws server');
  }

  describe('RFC 6455 §5.6 data frames: a message goes to ws and comes back', () => {
    it.each(MATRIX)('$kind, $size bytes', async ({ kind, size }) => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const sent = payloadOf(kind, size);
      const atWs = nextWsMessage(peer, 20_000);
      ws.send(kind, sent);
      const [data, isBinary] = await atWs;
      expect(isBinary).toBe(kind === 'binary');
      expect(data.equals(sent), 'ws got the exact bytes').toBe(true);
      const [echoKind, echo] = await waitFor(ws, 'message', 20_000);
      expect(echoKind).toBe(kind);
      expect(echo.length).toBe(size);
      expect(echo.equals(sent), 'we got the exact bytes back').toBe(true);
    });
  });

  describe('RFC 6455 §5.4 fragmentation', () => {
    it('ws sends a text message in fragments; we receive it whole', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const whole = Buffer.from('κόσμε 😀!', 'utf8');
      const received = waitFor(ws, 'message');
      for (let i = 0; i < whole.length; i++) peer.send(whole.subarray(i, i + 1), { binary: false, fin: i === whole.length - 1 });
      const [kind, data] = await received;
      expect([kind, data.toString('utf8')]).toEqual(['text', 'κόσμε 😀!']);
    });

    it('ws sends a 1 MiB binary message in 4 fragments; we receive it whole', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const whole = binaryPattern(MiB);
      const received = waitFor(ws, 'message');
      for (let i = 0; i < 4; i++) peer.send(whole.subarray(i * 262144, (i + 1) * 262144), { binary: true, fin: i === 3 });
      const [kind, data] = await received;
      expect(kind).toBe('binary');
      expect(data.equals(whole)).toBe(true);
    });

    it('we send a message in fragments (sendFrame); ws receives it whole', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const atWs = nextWsMessage(peer);
      ws.sendFrame(0x1, Buffer.from('Hel'), false);
      ws.sendFrame(0x0, Buffer.from([0xf0, 0x9f]), false);
      ws.sendFrame(0x0, Buffer.from([0x98, 0x80]), false);
      ws.sendFrame(0x0, Buffer.from('lo'), true);
      const [data, isBinary] = await atWs;
      expect([data.toString('utf8'), isBinary]).toEqual(['Hel😀lo', false]);
    });
  });

  describe('RFC 6455 §5.5.2 / §5.5.3 ping and pong', () => {
    it('we ping ws; ws answers with a pong carrying the same payload', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const payload = binaryPattern(125);
      const pingAtWs = within(once(peer, 'ping'), 5_000, 'ping at ws');
      const pong = waitFor(ws, 'pong');
      ws.ping(payload);
      expect(((await pingAtWs)[0] as Buffer).equals(payload)).toBe(true);
      expect((await pong)[0].equals(payload)).toBe(true);
    });

    it('ws pings us; we answer with a pong carrying the same payload', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const pingAtUs = waitFor(ws, 'ping');
      const pong = within(once(peer, 'pong'), 5_000, 'pong at ws');
      peer.ping(Buffer.from('ping from ws'));
      expect((await pingAtUs)[0].toString()).toBe('ping from ws');
      expect(((await pong)[0] as Buffer).toString()).toBe('ping from ws');
    });
  });

  describe('RFC 6455 §7 closing: codes and reasons both ways', () => {
    const closes = [
      { code: 1000, reason: '' },
      { code: 1001, reason: 'going away' },
      { code: 3000, reason: 'registered' },
      { code: 4999, reason: 'ünïcödé ✓' },
      { code: 4000, reason: 'r'.repeat(123) },
    ];

    it.each(closes)('we close with $code; ws sees the code and reason and echoes them', async ({ code, reason }) => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const closedAtWs = within(once(peer, 'close'), 5_000, 'close at ws');
      const closedAtUs = waitFor(ws, 'close');
      ws.close(code, reason);
      const [wsCode, wsReason] = (await closedAtWs) as [number, Buffer];
      expect([wsCode, wsReason.toString('utf8')]).toEqual([code, reason]);
      expect((await closedAtUs)[0]).toEqual({ code, reason, wasClean: true, initiatedBy: 'local' });
    });

    it.each(closes)('ws closes with $code; we see the code and reason', async ({ code, reason }) => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const closedAtWs = within(once(peer, 'close'), 5_000, 'close at ws');
      const closedAtUs = waitFor(ws, 'close');
      peer.close(code, reason);
      expect((await closedAtUs)[0]).toEqual({ code, reason, wasClean: true, initiatedBy: 'remote' });
      // We answer with the code alone (§5.5.1: "typically echos the status code it received").
      expect((await closedAtWs)[0]).toBe(code);
    });

    it('ws closes without a code; we report 1005 and answer with an empty Close', async () => {
      const theirSide = nextWsConnection(theirs.wss);
      const ws = await openOurClient(theirs.url);
      const peer = await theirSide;
      const closedAtWs = within(once(peer, 'close'), 5_000, 'close at ws');
      const closedAtUs = waitFor(ws, 'close');
      peer.close();
      expect((await closedAtUs)[0]).toMatchObject({ code: 1005, reason: '', wasClean: true, initiatedBy: 'remote' });
      expect((await closedAtWs)[0]).toBe(1005);
    });
  });

  describe('RFC 6455 §4.1 subprotocol negotiation', () => {
    it('ws picks one of the subprotocols we offer; we report it', async () => {
      const offered: string[][] = [];
      const server = await startWsServer({ handleProtocols: (protocols) => (offered.push([...protocols]), protocols.has('json') ? 'json' : false) });
      onTestFinished(() => server.stop());
      const ws = connect(server.url, { subprotocols: ['cbor', 'json'] });
      onTestFinished(() => ws.terminate());
      const handshake = waitFor(ws, 'handshake');
      await opened(ws);
      expect(offered).toEqual([['cbor', 'json']]);
      expect((await handshake)[0].subprotocol).toBe('json');
    });

    it('ws picks none of them; we open without a subprotocol', async () => {
      const server = await startWsServer({ handleProtocols: () => false });
      onTestFinished(() => server.stop());
      const ws = connect(server.url, { subprotocols: ['cbor'] });
      onTestFinished(() => ws.terminate());
      const handshake = waitFor(ws, 'handshake');
      await opened(ws);
      expect((await handshake)[0].subprotocol).toBeNull();
    });

    it('ws answers with a subprotocol we never offered; we fail the handshake (§4.1 step 6)', async () => {
      const server = await startWsServer({ handleProtocols: () => 'mqtt' });
      onTestFinished(() => server.stop());
      const ws = connect(server.url, { subprotocols: ['cbor'] });
      onTestFinished(() => ws.terminate());
      const closed = waitFor(ws, 'close');
      const [error] = await waitFor(ws, 'failure');
      expect(error.message).toBe('server selected subprotocol "mqtt", which the client did not offer (offered: cbor)');
      expect((await closed)[0]).toMatchObject({ code: 1006, wasClean: false });
    });
  });
});
