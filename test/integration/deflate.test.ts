// permessage-deflate (RFC 7692) between our client and our server, and through `wsb`:
// what the frame records show (RSV1, the compressed length, the inflated message), context
// takeover and window bits as they show in compressed sizes, the threshold, and a
// decompression bomb against `wsb serve --max-message`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import type { MessageKind } from '../../electron/protocol/connection';
import type { DeflateOptions } from '../../electron/protocol/deflate-negotiation';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { HOST, nextServerSide, openClient, startClient, startEchoServer, utf8Text, waitFor, within } from './helpers';
import { killAllWsb, startWsb } from './wsb-process';

afterEach(killAllWsb);

const KiB = 1024;
const MiB = 1024 * KiB;
const MASK = Buffer.from([0x11, 0x22, 0x33, 0x44]);

/** `n` compressible bytes: byte i is (31 i + 7) mod 256 (a 256-byte period). */
function binaryPattern(n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** RFC 7692 §7.2.1: compress with a sync flush and drop the 00 00 ff ff tail. */
function deflateMessage(data: Uint8Array): Buffer {
  const compressed = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  expect(compressed.subarray(-4).toString('hex')).toBe('0000ffff');
  return compressed.subarray(0, -4);
}

/** Data frames (not control frames) `ws` records, by direction. */
function dataFrames(ws: WsSocket): { out: Frame[]; in: Frame[] } {
  const frames = { out: [] as Frame[], in: [] as Frame[] };
  ws.on('frame', (direction, frame) => frame.opcode < 8 && frames[direction].push(frame));
  return frames;
}

/** Our deflate echo server and our client, both recording frames; `client` and `server` options are each side's DeflateOptions. */
async function deflatePair(server: DeflateOptions = {}, client: DeflateOptions = {}): Promise<{ ws: WsSocket; peer: WsSocket; frames: { out: Frame[]; in: Frame[] } }> {
  const started = await startEchoServer({ deflate: server, recordFrames: true });
  const serverSide = nextServerSide(started.server);
  const ws = await openClient(started.url, { deflate: client, recordFrames: true });
  const frames = dataFrames(ws);
  const peer = await serverSide;
  return { ws, peer, frames };
}

/** Send `data` and check its echo, with Buffer.equals (toEqual is slow on megabytes). */
async function echo(ws: WsSocket, kind: MessageKind, data: Buffer): Promise<void> {
  const back = waitFor(ws, 'message', 15_000);
  ws.send(kind, data);
  const [backKind, backData] = await back;
  expect(backKind).toBe(kind);
  expect(backData.length).toBe(data.length);
  expect(backData.equals(data), 'the echo has the exact bytes').toBe(true);
}

/** The agreed extension as our client's handshake record shows it. */
async function agreedExtension(url: string, client: DeflateOptions): Promise<{ offered: string | undefined; agreed: string | null }> {
  const ws = startClient(url, { deflate: client });
  const [record] = await waitFor(ws, 'handshake');
  return { offered: /^Sec-WebSocket-Extensions: (.*)\r$/m.exec(record.request ?? '')?.[1], agreed: record.extensions };
}

describe('RFC 7692 §7.2 compressed messages between our client and our server', () => {
  it.each([
    { kind: 'binary' as const, size: 1 },
    { kind: 'text' as const, size: 1 },
    { kind: 'binary' as const, size: KiB },
    { kind: 'text' as const, size: KiB },
    { kind: 'binary' as const, size: 64 * KiB },
    { kind: 'text' as const, size: 64 * KiB },
    { kind: 'binary' as const, size: MiB },
    { kind: 'text' as const, size: MiB },
    { kind: 'binary' as const, size: 16 * MiB },
  ])('$kind, $size bytes: sent compressed from the 1024-byte threshold on, both ways, and echoed exactly', async ({ kind, size }) => {
    const { ws, frames } = await deflatePair();
    const data = kind === 'text' ? utf8Text(size) : binaryPattern(size);
    await echo(ws, kind, data);
    const [sent, received] = [frames.out[0], frames.in[0]];
    const compressed = size >= 1024;
    for (const frame of [sent, received]) {
      expect(frame.rsv1).toBe(compressed);
      expect(frame.fin).toBe(true);
      expect(frame.opcode).toBe(kind === 'text' ? 1 : 2);
      // The record's payloadLength is the length on the wire; `inflated` is the message.
      expect(frame.payloadLength).toBe(frame.payload.length);
      if (compressed) {
        expect(frame.payloadLength).toBeLessThan(size / 2);
        expect(frame.inflated?.length).toBe(size);
      } else {
        expect(frame.payloadLength).toBe(size);
        expect(frame.inflated).toBeUndefined();
      }
    }
    expect(Buffer.from(received.inflated ?? received.payload).equals(data)).toBe(true);
  });

  it('incompressible data still goes compressed (a little longer) and comes back exactly', async () => {
    const { ws, frames } = await deflatePair();
    const data = randomBytes(64 * KiB);
    await echo(ws, 'binary', data);
    expect(frames.out[0].rsv1).toBe(true);
    expect(frames.out[0].payloadLength).toBeGreaterThanOrEqual(data.length);
    expect(frames.out[0].payloadLength).toBeLessThan(data.length + 64);
  });

  it('a compressed message in two fragments, RSV1 on the first only (§6.1), is inflated as one message', async () => {
    const { ws, peer } = await deflatePair();
    const data = utf8Text(10 * KiB);
    const compressed = deflateMessage(data);
    const cut = Math.floor(compressed.length / 2);
    const received = waitFor(peer, 'message');
    ws.sendRawFrame({ opcode: 1, rsv1: true, fin: false, payload: compressed.subarray(0, cut), maskKey: MASK });
    ws.sendRawFrame({ opcode: 0, fin: true, payload: compressed.subarray(cut), maskKey: MASK });
    const [kind, message] = await received;
    expect(kind).toBe('text');
    expect(message.equals(data)).toBe(true);
  });

  it('a compressed payload that does not inflate: the server fails the connection with 1007', async () => {
    const { ws, peer } = await deflatePair();
    const failure = waitFor(peer, 'failure');
    const closed = waitFor(ws, 'close');
    ws.sendRawFrame({ opcode: 2, rsv1: true, payload: Buffer.from('ffffffffffffffff', 'hex'), maskKey: MASK });
    expect((await failure)[0].message).toMatch(/^a compressed message does not inflate: /);
    expect((await closed)[0]).toMatchObject({ code: 1007, initiatedBy: 'remote' });
  });

  it('a message that inflates past maxMessageSize: 1009, with a sentence saying so', async () => {
    const started = await startEchoServer({ deflate: {}, maxMessageSize: 64 * KiB });
    const serverSide = nextServerSide(started.server);
    const ws = await openClient(started.url, { deflate: {} });
    const peer = await serverSide;
    const failure = waitFor(peer, 'failure');
    const closed = waitFor(ws, 'close');
    ws.sendBinary(Buffer.alloc(64 * KiB + 1)); // about 100 bytes on the wire
    expect((await failure)[0].message).toBe('the message inflates past the 65536-byte limit');
    expect((await closed)[0]).toMatchObject({ code: 1009, wasClean: true, initiatedBy: 'remote' });
  });
});

describe('RFC 7692 §7.1.1 context takeover, as it shows in compressed sizes', () => {
  /** The same 2 KiB of random bytes twice: with context takeover the second is a back-reference of a few bytes. */
  async function twice(server: DeflateOptions, client: DeflateOptions): Promise<{ agreed: string | null; out: number[]; in: number[] }> {
    const started = await startEchoServer({ deflate: server, recordFrames: true });
    const ws = startClient(started.url, { deflate: client, recordFrames: true });
    const [record] = await waitFor(ws, 'handshake');
    const frames = dataFrames(ws);
    const block = randomBytes(2 * KiB);
    await echo(ws, 'binary', block);
    await echo(ws, 'binary', block);
    return { agreed: record.extensions, out: frames.out.map((f) => f.payloadLength), in: frames.in.map((f) => f.payloadLength) };
  }

  it('by default both sides keep their context: the repeat costs a few bytes each way', async () => {
    const { agreed, out, in: back } = await twice({}, {});
    expect(agreed).toBe('permessage-deflate');
    for (const sizes of [out, back]) {
      expect(sizes[0]).toBeGreaterThan(2 * KiB);
      expect(sizes[1]).toBeLessThan(32);
    }
  });

  it('server_no_context_takeover (the server\'s choice): the server\'s repeat costs as much as the first, the client\'s stays small', async () => {
    const { agreed, out, in: back } = await twice({ serverNoContextTakeover: true }, {});
    expect(agreed).toBe('permessage-deflate; server_no_context_takeover');
    expect(back[1]).toBe(back[0]);
    expect(out[1]).toBeLessThan(32);
  });

  it('client_no_context_takeover (offered by the client): the client\'s repeat costs as much as the first, the server\'s stays small', async () => {
    const { agreed, out, in: back } = await twice({}, { clientNoContextTakeover: true });
    expect(agreed).toBe('permessage-deflate; client_no_context_takeover');
    expect(out[1]).toBe(out[0]);
    expect(back[1]).toBeLessThan(32);
  });
});

describe('RFC 7692 §7.1.2 window bits, as they show in compressed sizes', () => {
  /** 4 KiB of random bytes, twice in one message: only a window of 4 KiB or more can point back to the first copy. */
  const repeated = (): Buffer => {
    const block = randomBytes(4 * KiB);
    return Buffer.concat([block, block]);
  };

  async function sizes(server: DeflateOptions, client: DeflateOptions): Promise<{ agreed: string | null; out: Frame; in: Frame }> {
    const started = await startEchoServer({ deflate: server, recordFrames: true });
    const ws = startClient(started.url, { deflate: client, recordFrames: true });
    const [record] = await waitFor(ws, 'handshake');
    const frames = dataFrames(ws);
    await echo(ws, 'binary', repeated());
    return { agreed: record.extensions, out: frames.out[0], in: frames.in[0] };
  }

  it('15 bits (the default): each side finds the repeat, about 4 KiB each way', async () => {
    const { out, in: back } = await sizes({}, {});
    expect(out.payloadLength).toBeLessThan(4 * KiB + 100);
    expect(back.payloadLength).toBeLessThan(4 * KiB + 100);
  });

  it('server_max_window_bits=9 (the server\'s setting): the server cannot look 4 KiB back, the client can', async () => {
    const { agreed, out, in: back } = await sizes({ serverMaxWindowBits: 9 }, {});
    expect(agreed).toBe('permessage-deflate; server_max_window_bits=9');
    expect(back.payloadLength).toBeGreaterThan(8 * KiB);
    expect(out.payloadLength).toBeLessThan(4 * KiB + 100);
  });

  it('client_max_window_bits=10 offered by the client: the client\'s own window is 1 KiB', async () => {
    const { agreed, out, in: back } = await sizes({}, { clientMaxWindowBits: 10 });
    expect(agreed).toBe('permessage-deflate');
    expect(out.payloadLength).toBeGreaterThan(8 * KiB);
    expect(back.payloadLength).toBeLessThan(4 * KiB + 100);
  });

  it('client_max_window_bits=10 answered by the server to a bare offer: the client uses 10', async () => {
    const { agreed, out } = await sizes({ clientMaxWindowBits: 10 }, {});
    expect(agreed).toBe('permessage-deflate; client_max_window_bits=10');
    expect(out.payloadLength).toBeGreaterThan(8 * KiB);
  });

  it('server_max_window_bits=8: zlib cannot keep to 256 bytes, so the server sends uncompressed; the client still compresses', async () => {
    const { agreed, out, in: back } = await sizes({ serverMaxWindowBits: 8 }, {});
    expect(agreed).toBe('permessage-deflate; server_max_window_bits=8');
    expect(back).toMatchObject({ rsv1: false, payloadLength: 8 * KiB });
    expect(out.rsv1).toBe(true);
  });
});

describe('the threshold', () => {
  it('messages shorter than `threshold` go uncompressed, the rest compressed, on each side by its own setting', async () => {
    const { ws, frames } = await deflatePair({ threshold: 100 }, { threshold: 100 });
    await echo(ws, 'text', Buffer.from('x'.repeat(99)));
    await echo(ws, 'text', Buffer.from('x'.repeat(100)));
    expect(frames.out.map((frame) => frame.rsv1)).toEqual([false, true]);
    expect(frames.in.map((frame) => frame.rsv1)).toEqual([false, true]);
  });
});

describe('negotiation', () => {
  it('a client offers permessage-deflate; client_max_window_bits; a server without deflate declines, and nothing is compressed', async () => {
    const started = await startEchoServer({ recordFrames: true });
    const { offered, agreed } = await agreedExtension(started.url, {});
    expect(offered).toBe('permessage-deflate; client_max_window_bits');
    expect(agreed).toBeNull();
    const ws = await openClient(started.url, { deflate: {}, recordFrames: true });
    const frames = dataFrames(ws);
    await echo(ws, 'binary', binaryPattern(4 * KiB));
    expect(frames.out[0]).toMatchObject({ rsv1: false, payloadLength: 4 * KiB });
  });

  it('a server with deflate answers no extension to a client that offers none', async () => {
    const started = await startEchoServer({ deflate: {} });
    const ws = startClient(started.url);
    const [record] = await waitFor(ws, 'handshake');
    expect(record.response).not.toMatch(/Sec-WebSocket-Extensions/i);
    expect(record.extensions).toBeNull();
  });
});

describe('wsb --deflate and the --deflate-* flags', () => {
  type JsonLine = Record<string, unknown>;
  const jsonLines = (stdout: string): JsonLine[] => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonLine);

  it('connect --deflate --json: the offer and the answer in the handshake line; frames with rsv1, the wire length and inflatedLength', async () => {
    const { url } = await startEchoServer({ deflate: {} });
    const wsb = startWsb('connect', url, '--deflate', '--json');
    const line = 'compress me '.repeat(200);
    wsb.child.stdin.end(`${line}\n`);
    const result = await wsb.exit();
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines[0].request).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n/);
    expect(lines[0]).toMatchObject({ type: 'handshake', extensions: 'permessage-deflate' });
    const text = lines.filter((l) => l.type === 'frame' && l.opcode === 1);
    expect(text).toHaveLength(2);
    for (const frame of text) {
      expect(frame).toMatchObject({ rsv1: true, inflatedLength: line.length, text: line });
      expect(frame.payloadLength).toBeLessThan(100);
      expect(Buffer.from(frame.payload as string, 'base64').length).toBe(frame.payloadLength);
    }
  });

  it('connect --deflate-* flags (implying --deflate) offer every parameter, and our server agrees', async () => {
    const { url } = await startEchoServer({ deflate: {} });
    const wsb = startWsb(
      'connect',
      url,
      '--json',
      '--deflate-server-no-context-takeover',
      '--deflate-client-no-context-takeover',
      '--deflate-server-max-window-bits',
      '10',
      '--deflate-client-max-window-bits',
      '12',
    );
    wsb.child.stdin.end();
    const [handshake] = jsonLines((await wsb.exit()).stdout);
    expect(handshake.request).toMatch(
      /\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12\r\n/,
    );
    expect(handshake.extensions).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10');
  });

  it('connect --deflate-threshold 10: a 5-byte line goes uncompressed, an 11-byte line compressed', async () => {
    const { url } = await startEchoServer({ deflate: {} });
    const wsb = startWsb('connect', url, '--deflate-threshold', '10', '--json');
    wsb.child.stdin.end('short\nlong enough\n');
    const sent = jsonLines((await wsb.exit()).stdout).filter((l) => l.type === 'frame' && l.direction === 'out' && l.opcode === 1);
    expect(sent.map((l) => [l.text, l.rsv1])).toEqual([
      ['short', false],
      ['long enough', true],
    ]);
  });

  it('serve --deflate --json: the server\'s frame lines show the compressed message it received and sent', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--deflate', '--json');
    const [, port] = await wsb.output(/"url":"ws:\/\/127\.0\.0\.1:(\d+)"/);
    const ws = await openClient(`ws://${HOST}:${port}/`, { deflate: {} });
    await echo(ws, 'binary', binaryPattern(100 * KiB));
    const [inLine] = await wsb.output(/^.*"direction":"in".*"opcode":2.*$/m);
    const [outLine] = await wsb.output(/^.*"direction":"out".*"opcode":2.*$/m);
    for (const line of [inLine, outLine]) {
      const frame = JSON.parse(line) as JsonLine;
      expect(frame).toMatchObject({ client: 1, rsv1: true, inflatedLength: 100 * KiB });
      expect(frame.payloadLength).toBeLessThan(2 * KiB);
    }
    await wsb.output(/"type":"handshake".*"extensions":"permessage-deflate"/);
  });

  it('serve --deflate-server-no-context-takeover --deflate-server-max-window-bits --deflate-client-max-window-bits: the answer our client gets', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--deflate-server-no-context-takeover', '--deflate-server-max-window-bits', '11', '--deflate-client-max-window-bits', '9');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const { agreed } = await agreedExtension(`ws://${HOST}:${port}/`, {});
    expect(agreed).toBe('permessage-deflate; server_no_context_takeover; server_max_window_bits=11; client_max_window_bits=9');
  });

  it.each([
    [['--deflate-server-max-window-bits', '16'], '--deflate-server-max-window-bits takes a number from 8 to 15, not "16"'],
    [['--deflate-client-max-window-bits', 'big'], '--deflate-client-max-window-bits takes a number from 8 to 15, not "big"'],
    [['--deflate-threshold', 'lots'], '--deflate-threshold takes a positive whole number of bytes, not "lots"'],
  ])('connect %j: one line, exit 2', async (flags, message) => {
    const wsb = startWsb('connect', `ws://${HOST}:9/`, ...flags);
    const result = await wsb.exit();
    expect(result.stderr).toBe(`wsb: ${message}\n`);
    expect(result.code).toBe(2);
  });
});

describe('a decompression bomb against `wsb serve --echo --deflate --max-message 1048576`', () => {
  /** 256 MiB of zeros as one permessage-deflate payload (about 255 KiB), built without holding the 256 MiB. */
  function zeroBomb(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const deflate = zlib.createDeflateRaw({ level: 9 });
      const chunks: Buffer[] = [];
      deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
      deflate.on('error', reject);
      const zeros = Buffer.alloc(MiB);
      for (let i = 0; i < 256; i++) deflate.write(zeros);
      deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const all = Buffer.concat(chunks);
        resolve(all.subarray(0, all.length - 4)); // §7.2.1: without 00 00 ff ff
      });
    });
  }

  /** The peak resident set of a process, in MB, from /proc (Linux). */
  const peakRssMb = (pid: number): number => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

  it('the server closes with 1009 Message Too Big and its peak memory stays far below 256 MiB', async () => {
    const bomb = await within(zeroBomb(), 10_000, 'building the bomb');
    expect(bomb.length).toBeLessThan(300 * KiB);
    const wsb = startWsb('serve', '--port', '0', '--echo', '--deflate', '--max-message', '1048576');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const ws = await openClient(`ws://${HOST}:${port}/`, { deflate: {} });
    const before = peakRssMb(wsb.child.pid!);
    const closed = waitFor(ws, 'close', 10_000);
    ws.sendRawFrame({ opcode: 2, rsv1: true, payload: bomb, maskKey: MASK });
    expect((await closed)[0]).toMatchObject({ code: 1009, wasClean: true, initiatedBy: 'remote' });
    await wsb.output(/^client 1: the message inflates past the 1048576-byte limit$/m, 'stderr');
    const after = peakRssMb(wsb.child.pid!);
    expect(after, `peak RSS of wsb serve: ${before.toFixed(1)} MB before the bomb, ${after.toFixed(1)} MB after`).toBeLessThan(200);
    expect(after - before).toBeLessThan(32);
  });
});
