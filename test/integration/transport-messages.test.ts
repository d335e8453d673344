// Our client against our server over real TCP on 127.0.0.1: data frames, fragmentation,
// ping/pong, many connections at once, back-pressure.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../shared/opcodes';
import type { MessageKind } from '../../electron/protocol/connection';
import type { Frame } from '../../shared/frame-record';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { connectedPair, openClient, startEchoServer, startServer, until, utf8Text, waitFor } from './helpers';

const MiB = 1024 * 1024;

describe('RFC 6455 §5.2 / §5.6 data frames: echo through our server', () => {
  // Each boundary of the payload length encoding (7-bit, 16-bit, 64-bit), then bulk sizes.
  const sizes = [0, 125, 126, 127, 65535, 65536, MiB, 16 * MiB];

  it.each(sizes)('a %i-byte binary message comes back byte for byte', async (size) => {
    const { url } = await startEchoServer();
    const ws = await openClient(url);
    const sent = randomBytes(size);
    ws.sendBinary(sent);
    const [kind, data] = await waitFor(ws, 'message', 20_000);
    expect(kind).toBe('binary');
    expect(data.length).toBe(size);
    expect(data.equals(sent)).toBe(true);
  });

  it.each(sizes)('a %i-byte text message comes back byte for byte', async (size) => {
    const { url } = await startEchoServer();
    const ws = await openClient(url);
    const sent = utf8Text(size);
    ws.sendText(sent);
    const [kind, data] = await waitFor(ws, 'message', 20_000);
    expect(kind).toBe('text');
    expect(data.length).toBe(size);
    expect(data.equals(sent)).toBe(true);
  });

  it('sends a string as UTF-8 text', async () => {
    const { url } = await startEchoServer();
    const ws = await openClient(url);
    ws.sendText('héllo, wörld ✓');
    const [kind, data] = await waitFor(ws, 'message');
    expect(kind).toBe('text');
    expect(data.toString('utf8')).toBe('héllo, wörld ✓');
  });
});

describe('RFC 6455 §5.4 fragmentation', () => {
  /** Our client, and what the server side receives from it: every frame and every message. */
  async function recordingPair(): Promise<{ ws: WsSocket; received: Frame[]; messages: Array<[MessageKind, Buffer]> }> {
    const { client, peer } = await connectedPair({ recordFrames: true });
    const received: Frame[] = [];
    const messages: Array<[MessageKind, Buffer]> = [];
    peer.on('frame', (direction, frame) => direction === 'in' && received.push(frame));
    peer.on('message', (kind, data) => messages.push([kind, data]));
    return { ws: client, received, messages };
  }

  it('reassembles a text message sent as N frames, FIN only on the last, even with a character split across frames', async () => {
    const { ws, received, messages } = await recordingPair();
    const text = Buffer.from('fragments: ü € 😀 end', 'utf8');
    const cuts = [0, 3, 13, 14, 19, text.length]; // 13 and 19 fall inside multi-byte characters
    for (let i = 0; i + 1 < cuts.length; i++) {
      ws.sendFrame(i === 0 ? Opcode.Text : Opcode.Continuation, text.subarray(cuts[i], cuts[i + 1]), i + 2 === cuts.length);
    }
    await until(() => messages.length > 0, 'the reassembled message');
    expect(received.map((frame) => [frame.opcode, frame.fin, frame.masked])).toEqual([
      [Opcode.Text, false, true],
      [Opcode.Continuation, false, true],
      [Opcode.Continuation, false, true],
      [Opcode.Continuation, false, true],
      [Opcode.Continuation, true, true],
    ]);
    expect(messages).toHaveLength(1);
    expect(messages[0][0]).toBe('text');
    expect(messages[0][1].toString('utf8')).toBe('fragments: ü € 😀 end');
  });

  it('reassembles a 1 MiB binary message sent as 16 frames, with a ping between fragments (§5.4: control frames may be interleaved)', async () => {
    const { ws, received, messages } = await recordingPair();
    const payload = randomBytes(MiB);
    const part = MiB / 16;
    for (let i = 0; i < 16; i++) {
      ws.sendFrame(i === 0 ? Opcode.Binary : Opcode.Continuation, payload.subarray(i * part, (i + 1) * part), i === 15);
      if (i === 7) ws.ping(Buffer.from('mid-message'));
    }
    const [pong] = await waitFor(ws, 'pong');
    expect(pong.toString()).toBe('mid-message');
    await until(() => messages.length > 0, 'the reassembled message');
    const dataFrames = received.filter((frame) => frame.opcode !== Opcode.Ping);
    expect(dataFrames).toHaveLength(16);
    expect(dataFrames.map((frame) => frame.fin)).toEqual([...Array<boolean>(15).fill(false), true]);
    expect(dataFrames.slice(1).every((frame) => frame.opcode === Opcode.Continuation)).toBe(true);
    expect(received.findIndex((frame) => frame.opcode === Opcode.Ping)).toBe(8);
    expect(messages[0][0]).toBe('binary');
    expect(messages[0][1].equals(payload)).toBe(true);
  });
});

describe('RFC 6455 §5.5.2 / §5.5.3 ping and pong', () => {
  it('the server answers a client ping with a pong carrying the same payload', async () => {
    const { client: ws, peer } = await connectedPair();
    const pinged = waitFor(peer, 'ping');
    const payload = randomBytes(125);
    ws.ping(payload);
    const [pong] = await waitFor(ws, 'pong');
    expect(pong.equals(payload)).toBe(true);
    const [ping] = await pinged;
    expect(ping.equals(payload)).toBe(true);
  });

  it('the client answers a server ping with a pong carrying the same payload', async () => {
    const { peer } = await connectedPair();
    peer.ping(Buffer.from('are you there?'));
    const [pong] = await waitFor(peer, 'pong');
    expect(pong.toString()).toBe('are you there?');
  });

  it('an empty ping gets an empty pong', async () => {
    const { url } = await startServer();
    const ws = await openClient(url);
    ws.ping();
    const [pong] = await waitFor(ws, 'pong');
    expect(pong.length).toBe(0);
  });
});

describe('many connections at once', () => {
  it('200 concurrent clients each get their own message back and all close cleanly', async () => {
    const { server, url } = await startEchoServer();
    const clients = await Promise.all(Array.from({ length: 200 }, () => openClient(url)));
    expect(server.connections.size).toBe(200);

    const echoes = clients.map((ws, i) => {
      const reply = waitFor(ws, 'message', 10_000);
      ws.sendText(`client ${i}`);
      return reply;
    });
    const replies = await Promise.all(echoes);
    expect(replies.map(([kind, data]) => `${kind}:${data.toString()}`)).toEqual(clients.map((_, i) => `text:client ${i}`));

    const closes = clients.map((ws) => waitFor(ws, 'close', 10_000));
    for (const ws of clients) ws.close(1000, 'done');
    const events = (await Promise.all(closes)).map(([event]) => event);
    expect(events.every((event) => event.code === 1000 && event.wasClean && event.initiatedBy === 'local')).toBe(true);
    await until(() => server.connections.size === 0, 'the server to forget every client');
  });
});

describe('back-pressure', () => {
  it('a burst beyond the socket buffer makes send return false, then drain follows and every byte arrives', async () => {
    const { client: ws, peer } = await connectedPair();
    let receivedBytes = 0;
    let receivedMessages = 0;
    peer.on('message', (_kind, data) => {
      receivedBytes += data.length;
      receivedMessages += 1;
    });

    const chunk = randomBytes(MiB);
    const results: boolean[] = [];
    for (let i = 0; i < 17; i++) results.push(ws.sendBinary(chunk));
    expect(results.includes(false)).toBe(true);
    expect(ws.bufferedAmount).toBeGreaterThan(0);

    await waitFor(ws, 'drain', 10_000);
    await until(() => receivedMessages === 17, 'all 17 MiB at the server', 10_000);
    expect(receivedBytes).toBe(17 * MiB);
    expect(ws.sendBinary(Buffer.from('after the drain'))).toBe(true);
  });
});
