// Heartbeats (RFC 6455 §5.5.2 Ping, §5.5.3 Pong): ping on an interval, close with 1011 when a
// pong is late, a round-trip time for every ping/pong pair; then `--ping-*` and
// `--no-auto-pong` on `wsb serve` and `wsb connect`.
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import { connect } from '../../electron/transport/client';
import { WsServer } from '../../electron/transport/server';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { HOST, nextServerSide, openClient, startEchoServer, startRawWebSocketServer, startServer, until, waitFor, within } from './helpers';
import { killAllWsb, startWsb, type WsbExit } from './wsb-process';

afterEach(killAllWsb);

/** Every payload of `event` ('ping' or 'pong') on `ws`, as text, with the RTT for pongs. */
function record(ws: WsSocket, event: 'ping' | 'pong'): Array<{ payload: string; rttMs?: number }> {
  const seen: Array<{ payload: string; rttMs?: number }> = [];
  if (event === 'ping') ws.on('ping', (payload) => seen.push({ payload: payload.toString() }));
  else ws.on('pong', (payload, rttMs) => seen.push({ payload: payload.toString(), ...(rttMs === undefined ? {} : { rttMs }) }));
  return seen;
}

/** The frames a client wrote (masked, 7-bit lengths: pings and closes), unmasked (§5.3). */
function clientFrames(wire: Buffer): Array<{ opcode: number; payload: Buffer }> {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  for (let at = 0; at + 6 <= wire.length; ) {
    const length = wire[at + 1] & 0x7f;
    const key = wire.subarray(at + 2, at + 6);
    const payload = Buffer.from(wire.subarray(at + 6, at + 6 + length).map((byte, i) => byte ^ key[i & 3]));
    frames.push({ opcode: wire[at] & 0x0f, payload });
    at += 6 + length;
  }
  return frames;
}

function expectOneErrorLine(result: WsbExit, message: string): void {
  expect(result.stderr).toBe(`wsb: ${message}\n`);
  expect(result.code).toBe(1);
}

describe('connect() with `heartbeat`: a live peer', () => {
  it('pings every pingInterval with a counter as payload; every pong gives a round-trip time', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const ws = await openClient(url, { heartbeat: { pingInterval: 25, pingTimeout: 1_000 } });
    const pings = record(await serverSide, 'ping');
    const pongs = record(ws, 'pong');
    await until(() => pongs.length >= 3, 'three pongs');
    expect(pings.slice(0, 3).map(({ payload }) => payload)).toEqual(['1', '2', '3']);
    expect(pongs.slice(0, 3).map(({ payload }) => payload)).toEqual(['1', '2', '3']);
    for (const { rttMs } of pongs) {
      expect(rttMs).toBeGreaterThanOrEqual(0);
      expect(rttMs).toBeLessThan(1_000);
    }
    expect(ws.readyState).toBe('OPEN');
  });

  it('with recordFrames, the pong frame carries rttMs, the same as the pong event', async () => {
    const { url } = await startServer();
    const ws = await openClient(url, { heartbeat: { pingInterval: 25, pingTimeout: 1_000 }, recordFrames: true });
    const pongFrame = new Promise<Frame>((resolve) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode === 0xa && resolve(frame)));
    const [, rttMs] = await waitFor(ws, 'pong');
    const frame = await within(pongFrame, 1_000, 'the pong frame');
    expect(rttMs).toEqual(expect.any(Number));
    expect(frame.rttMs).toBe(rttMs);
  });

  it('pingPayload is the payload the peer sees, every time', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const ws = await openClient(url, { heartbeat: { pingInterval: 25, pingTimeout: 1_000, pingPayload: Buffer.from('are you there? ✓') } });
    const pings = record(await serverSide, 'ping');
    const pongs = record(ws, 'pong');
    await until(() => pongs.length >= 2, 'two pongs');
    expect(pings.slice(0, 2)).toEqual([{ payload: 'are you there? ✓' }, { payload: 'are you there? ✓' }]);
    expect(pongs[1].rttMs).toEqual(expect.any(Number));
  });

  it('an unsolicited pong (§5.5.3) is reported without a round-trip time', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const ws = await openClient(url, { recordFrames: true });
    const frame = new Promise<Frame>((resolve) => ws.on('frame', (direction, f) => direction === 'in' && resolve(f)));
    const pong = waitFor(ws, 'pong');
    (await serverSide).pong(Buffer.from('unasked'));
    expect(await pong).toEqual([Buffer.from('unasked'), undefined]);
    expect((await frame).rttMs).toBeUndefined();
  });

  it('the heartbeat stops with the connection: no ping, no failure after the close', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const ws = await openClient(url, { heartbeat: { pingInterval: 20, pingTimeout: 1_000 } });
    const pings = record(await serverSide, 'ping');
    const failures: Error[] = [];
    ws.on('failure', (error) => failures.push(error));
    await until(() => pings.length >= 1, 'a ping');
    ws.close(1000);
    await waitFor(ws, 'close');
    const pingsAtClose = pings.length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(pings.length).toBe(pingsAtClose);
    expect(failures).toEqual([]);
  });
});

describe('connect() with `heartbeat`: a peer that stops answering', () => {
  it('a pong still due when the close handshake starts is no failure: the close timer takes over', async () => {
    let wire = Buffer.alloc(0);
    const { url } = await startRawWebSocketServer((socket) => socket.on('data', (chunk: Buffer) => (wire = Buffer.concat([wire, chunk]))));
    const ws = await openClient(url, { heartbeat: { pingInterval: 20, pingTimeout: 60 }, closeTimeout: 300 });
    const failures: string[] = [];
    ws.on('failure', (error) => failures.push(error.message));
    await until(() => clientFrames(wire).length === 1, 'the first ping at the silent peer');
    const closed = waitFor(ws, 'close', 2_000);
    ws.close(1000);
    expect((await closed)[0]).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'local' });
    expect(failures).toEqual([]);
    expect(clientFrames(wire).map(({ opcode }) => opcode)).toEqual([0x9, 0x8]);
  });

  it('a peer that ignores pings but answers Close: "no pong within 150 ms", Close 1011 with that reason, a clean close', async () => {
    const { server, url } = await startServer({ autoPong: false });
    const serverSide = nextServerSide(server);
    const startedAt = performance.now();
    const ws = await openClient(url, { heartbeat: { pingInterval: 50, pingTimeout: 150 } });
    const peer = await serverSide;
    const [[error], [atClient], [atServer]] = await Promise.all([waitFor(ws, 'failure'), waitFor(ws, 'close'), waitFor(peer, 'close')]);
    expect(error.message).toBe('no pong within 150 ms');
    expect((error as Error & { code?: string }).code).toBe('WS_ERR_PONG_TIMEOUT');
    // The first ping goes out after one interval, the timeout runs from there.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(50 + 150 - 1);
    expect(atServer).toEqual({ code: 1011, reason: 'no pong within 150 ms', wasClean: true, initiatedBy: 'remote' });
    expect(atClient).toEqual({ code: 1011, reason: '', wasClean: true, initiatedBy: 'local' });
  });

  it('a raw TCP peer that goes silent: the client sends Close 1011, then drops TCP after closeTimeout (1006)', async () => {
    let wire = Buffer.alloc(0);
    let peerSocket: net.Socket | undefined;
    const { url } = await startRawWebSocketServer((socket) => {
      peerSocket = socket;
      socket.on('data', (chunk: Buffer) => (wire = Buffer.concat([wire, chunk])));
    });
    const ws = await openClient(url, { heartbeat: { pingInterval: 40, pingTimeout: 100 }, closeTimeout: 200 });
    const peerGone = new Promise<void>((resolve) => peerSocket!.once('close', () => resolve()));
    let failedAt = 0;
    ws.once('failure', () => (failedAt = performance.now()));
    const [error] = await waitFor(ws, 'failure');
    expect(error.message).toBe('no pong within 100 ms');
    const [event] = await waitFor(ws, 'close', 2_000);
    expect(performance.now() - failedAt).toBeGreaterThanOrEqual(200 - 1);
    expect(event).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'local' });
    await within(peerGone, 2_000, 'the TCP close at the silent peer');
    // One ping (no second while the first is unanswered), then Close 1011 with the reason.
    const frames = clientFrames(wire);
    expect(frames.map(({ opcode }) => opcode)).toEqual([0x9, 0x8]);
    expect(frames[0].payload.toString()).toBe('1');
    expect(frames[1].payload.readUInt16BE(0)).toBe(1011);
    expect(frames[1].payload.subarray(2).toString()).toBe('no pong within 100 ms');
  });
});

describe('heartbeat settings that cannot work are refused at once, not in a timer', () => {
  it.each([
    [{ pingInterval: 10, pingTimeout: 10, pingPayload: Buffer.alloc(126) }, 'a ping payload is at most 125 bytes, not 126'],
    [{ pingInterval: 0, pingTimeout: 10 }, 'a heartbeat needs pingInterval and pingTimeout of at least 1 ms, not 0 and 10'],
  ])('%o', (heartbeat, message) => {
    expect(() => connect(`ws://${HOST}:9/`, { heartbeat })).toThrow(message);
    expect(() => new WsServer({ heartbeat })).toThrow(message);
  });
});

describe('WsServer with `heartbeat`', () => {
  it('keeps a live client: a pong with an RTT for every ping, no failure', async () => {
    const { server, url } = await startServer({ heartbeat: { pingInterval: 20, pingTimeout: 2_000 } });
    const serverSide = nextServerSide(server);
    const ws = await openClient(url);
    const peer = await serverSide;
    const pongs = record(peer, 'pong');
    const failures: Error[] = [];
    peer.on('failure', (error) => failures.push(error));
    await until(() => pongs.length >= 5, 'five pongs at the server');
    expect(pongs.slice(0, 5).map(({ payload }) => payload)).toEqual(['1', '2', '3', '4', '5']);
    expect(pongs.every(({ rttMs }) => typeof rttMs === 'number')).toBe(true);
    expect(failures).toEqual([]);
    expect(ws.readyState).toBe('OPEN');
  });

  it('closes with 1011 a client that does not answer pings (autoPong: false)', async () => {
    const { server, url } = await startServer({ heartbeat: { pingInterval: 40, pingTimeout: 120 } });
    const serverSide = nextServerSide(server);
    const ws = await openClient(url, { autoPong: false });
    const pings = record(ws, 'ping');
    const peer = await serverSide;
    const [[error], [atClient]] = await Promise.all([waitFor(peer, 'failure'), waitFor(ws, 'close')]);
    expect(error.message).toBe('no pong within 120 ms');
    expect(pings).toEqual([{ payload: '1' }]);
    expect(atClient).toEqual({ code: 1011, reason: 'no pong within 120 ms', wasClean: true, initiatedBy: 'remote' });
  });
});

describe('wsb --ping-interval / --ping-timeout / --ping-payload / --no-auto-pong', () => {
  it('connect --json: pings with the payload, and each pong line carries rttMs', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const wsb = startWsb('connect', url, '--ping-interval', '25', '--ping-timeout', '1000', '--ping-payload', 'hb', '--json');
    const pings = record(await serverSide, 'ping');
    await wsb.output(/("opcodeName":"pong".*\n[^]*){2}/);
    wsb.child.stdin.end();
    const result = await wsb.exit();
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const outPings = lines.filter((line) => line.type === 'frame' && line.direction === 'out' && line.opcode === 9);
    const inPongs = lines.filter((line) => line.type === 'frame' && line.direction === 'in' && line.opcode === 10);
    expect(outPings[0]).toMatchObject({ payload: Buffer.from('hb').toString('base64'), masked: true });
    expect(inPongs.length).toBeGreaterThanOrEqual(2);
    for (const pong of inPongs) expect(pong).toMatchObject({ payload: Buffer.from('hb').toString('base64'), rttMs: expect.any(Number) });
    expect(pings[0]).toEqual({ payload: 'hb' });
  });

  it('connect against a server that ignores pings: exit 1 with "no pong within 150 ms"; the server got Close 1011', async () => {
    const { server, url } = await startServer({ autoPong: false });
    const serverSide = nextServerSide(server);
    const wsb = startWsb('connect', url, '--ping-interval', '50', '--ping-timeout', '150');
    const closed = waitFor(await serverSide, 'close');
    expectOneErrorLine(await wsb.exit(), 'no pong within 150 ms');
    expect((await closed)[0]).toMatchObject({ code: 1011, reason: 'no pong within 150 ms', wasClean: true });
  });

  it('connect --no-auto-pong against a server with a heartbeat: the server closes with 1011, exit 1 saying so', async () => {
    const { url } = await startServer({ heartbeat: { pingInterval: 40, pingTimeout: 120 } });
    const wsb = startWsb('connect', url, '--no-auto-pong');
    expectOneErrorLine(await wsb.exit(), 'closed by the server with 1011 Internal Error: no pong within 120 ms');
  });

  it('serve --ping-interval --ping-payload --json: the client sees the payload, the pong line carries rttMs', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--ping-interval', '25', '--ping-timeout', '1000', '--ping-payload', 'srv', '--json');
    const [, port] = await wsb.output(/"url":"ws:\/\/127\.0\.0\.1:(\d+)"/);
    const ws = await openClient(`ws://${HOST}:${port}/`);
    const [payload] = await waitFor(ws, 'ping');
    expect(payload.toString()).toBe('srv');
    const [line] = await wsb.output(/^.*"direction":"in".*"opcode":10.*$/m);
    expect(JSON.parse(line)).toMatchObject({ type: 'frame', client: 1, payload: Buffer.from('srv').toString('base64'), rttMs: expect.any(Number) });
  });

  it('serve --ping-interval --ping-timeout against a client that ignores pings: Close 1011 and one line per event on stderr', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--ping-interval', '40', '--ping-timeout', '120');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const ws = await openClient(`ws://${HOST}:${port}/`, { autoPong: false });
    expect((await waitFor(ws, 'close'))[0]).toEqual({ code: 1011, reason: 'no pong within 120 ms', wasClean: true, initiatedBy: 'remote' });
    await wsb.output(/^client 1: no pong within 120 ms\nclient 1: closed 1011\n/m, 'stderr');
  });

  it('serve --no-auto-pong: our client\'s heartbeat gives up on it', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--no-auto-pong');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const ws = await openClient(`ws://${HOST}:${port}/`, { heartbeat: { pingInterval: 40, pingTimeout: 120 } });
    const closed = waitFor(ws, 'close');
    expect((await waitFor(ws, 'failure'))[0].message).toBe('no pong within 120 ms');
    expect((await closed)[0]).toMatchObject({ code: 1011, wasClean: true, initiatedBy: 'local' });
  });

  it.each([
    [['--ping-timeout', '100'], '--ping-timeout needs --ping-interval'],
    [['--ping-interval', '0'], '--ping-interval takes a whole number of milliseconds, not "0"'],
    [['--ping-interval', '100', '--ping-timeout', '1.5'], '--ping-timeout takes a whole number of milliseconds, not "1.5"'],
    [['--ping-interval', '100', '--ping-payload', 'x'.repeat(126)], '--ping-payload is 126 bytes; a ping carries at most 125'],
  ])('connect %j: one line, exit 2', async (flags, message) => {
    const wsb = startWsb('connect', `ws://${HOST}:9/`, ...flags);
    const result = await wsb.exit();
    expect(result.stderr).toBe(`wsb: ${message}\n`);
    expect(result.code).toBe(2);
  });
});

describe('heartbeats and traffic together', () => {
  it('an echo server with a heartbeat echoes while it pings', async () => {
    const { server, url } = await startEchoServer({ heartbeat: { pingInterval: 10, pingTimeout: 2_000 } });
    const serverSide = nextServerSide(server);
    const ws = await openClient(url);
    const pongs = record(await serverSide, 'pong');
    const echoes: string[] = [];
    ws.on('message', (_kind, data) => echoes.push(data.toString()));
    for (let i = 0; i < 20; i++) {
      ws.sendText(`message ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => echoes.length === 20 && pongs.length >= 3, 'twenty echoes and three pongs');
    expect(echoes).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
  });
});
