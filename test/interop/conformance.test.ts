// A compact conformance suite in the spirit of Autobahn|Testsuite: exact bytes in, the exact
// reaction on the wire out, against the real `wsb` processes. Every case runs twice:
// a raw client against `wsb serve --echo` (our server), and a raw server against
// `wsb connect URL --echo` (our client), each side masking as its role requires (§5.1).
// A failure must be a Close frame with the exact code (§7.1.7, §7.4.1), then TCP close.
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { startWsbConnect, startWsbServe, type PeerProcess } from './helpers';
import { closePayload, describeFrame, encodeRawFrame, rawClient, RawServer, RAW_MASK_KEY, type RawFrameSpec, type RawPeer, type WireFrame } from './raw-peer';

const TEXT = 0x1;
const BINARY = 0x2;
const CONT = 0x0;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

/** A frame the raw peer sends; `misMasked` flips the masking its role requires (§5.1). */
type CaseFrame = RawFrameSpec & { misMasked?: boolean };

interface Case {
  name: string;
  /** Each inner list goes out in one write; successive writes are a few ms apart. */
  writes: CaseFrame[][];
  /** Split the writes into one write per byte, to exercise a decoder that lacks bytes everywhere. */
  bytePerWrite?: boolean;
  /** What the peer under test must do: echo these frames, answer our Close with this payload, or fail with this code. */
  expect: { echo: Array<{ opcode: number; payload: Buffer }> } | { closeReply: Buffer } | { fail: number };
}

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const pattern = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff));
const codeOnly = (code: number): Buffer => closePayload(code);

/** One write of one frame. */
const one = (frame: CaseFrame): CaseFrame[][] => [[frame]];

const framing: Case[] = [
  ...[0, 1, 125, 126, 65535, 65536].map((n): Case => ({ name: `a ${n}-byte binary frame is echoed`, writes: one({ opcode: BINARY, payload: pattern(n) }), expect: { echo: [{ opcode: BINARY, payload: pattern(n) }] } })),
  ...[0, 125, 126, 65536].map((n): Case => ({ name: `a ${n}-byte text frame is echoed`, writes: one({ opcode: TEXT, payload: Buffer.alloc(n, 'a') }), expect: { echo: [{ opcode: TEXT, payload: Buffer.alloc(n, 'a') }] } })),
  { name: 'a text frame delivered one byte per write is echoed', writes: one({ opcode: TEXT, payload: 'κόσμε 😀' }), bytePerWrite: true, expect: { echo: [{ opcode: TEXT, payload: text('κόσμε 😀') }] } },
  { name: 'invalid UTF-8 delivered one byte per write fails with 1007', writes: one({ opcode: TEXT, payload: bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xed, 0xa0, 0x80, 0x61, 0x62, 0x63) }), bytePerWrite: true, expect: { fail: 1007 } },
  { name: 'three frames in one write are echoed in order', writes: [[{ opcode: TEXT, payload: 'one' }, { opcode: BINARY, payload: bytes(2) }, { opcode: TEXT, payload: 'three' }]], expect: { echo: [{ opcode: TEXT, payload: text('one') }, { opcode: BINARY, payload: bytes(2) }, { opcode: TEXT, payload: text('three') }] } },
  ...[4, 2, 1, 7].map((rsv): Case => ({ name: `RSV bits ${rsv.toString(2).padStart(3, '0')} without an extension fail with 1002`, writes: one({ opcode: TEXT, payload: 'rsv', rsv }), expect: { fail: 1002 } })),
  { name: 'RSV1 on a ping fails with 1002', writes: one({ opcode: PING, payload: 'p', rsv: 4 }), expect: { fail: 1002 } },
  ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode): Case => ({ name: `reserved opcode 0x${opcode.toString(16)} fails with 1002`, writes: one({ opcode, payload: 'reserved' }), expect: { fail: 1002 } })),
  { name: 'a frame masked the wrong way for its direction fails with 1002', writes: one({ opcode: TEXT, payload: 'mask', misMasked: true }), expect: { fail: 1002 } },
  { name: 'a 64-bit length with its most significant bit set fails with 1002', writes: one({ opcode: BINARY, length: 0x8000000000000000n, lengthForm: 64 }), expect: { fail: 1002 } },
  { name: 'a frame declaring 2^40 bytes is refused at its header with 1009', writes: one({ opcode: BINARY, length: 2n ** 40n, lengthForm: 64 }), expect: { fail: 1009 } },
];

const fragmentation: Case[] = [
  { name: 'a text message in three fragments is echoed whole', writes: one({ opcode: TEXT, payload: 'frag', fin: false }).concat(one({ opcode: CONT, payload: 'men', fin: false }), one({ opcode: CONT, payload: 'ted', fin: true })), expect: { echo: [{ opcode: TEXT, payload: text('fragmented') }] } },
  { name: 'a binary message in fragments sent in one write is echoed whole', writes: [[{ opcode: BINARY, payload: bytes(1, 2), fin: false }, { opcode: CONT, payload: bytes(), fin: false }, { opcode: CONT, payload: bytes(3), fin: true }]], expect: { echo: [{ opcode: BINARY, payload: bytes(1, 2, 3) }] } },
  { name: 'empty fragments make an empty text message', writes: [[{ opcode: TEXT, payload: '', fin: false }, { opcode: CONT, payload: '', fin: true }]], expect: { echo: [{ opcode: TEXT, payload: text('') }] } },
  { name: 'a ping between fragments is answered first, then the message is echoed', writes: [[{ opcode: TEXT, payload: 'Hel', fin: false }], [{ opcode: PING, payload: 'mid' }], [{ opcode: CONT, payload: 'lo', fin: true }]], expect: { echo: [{ opcode: PONG, payload: text('mid') }, { opcode: TEXT, payload: text('Hello') }] } },
  { name: 'a continuation with no message to continue fails with 1002', writes: one({ opcode: CONT, payload: 'orphan', fin: true }), expect: { fail: 1002 } },
  { name: 'an unfinished continuation with no message fails with 1002', writes: one({ opcode: CONT, payload: 'orphan', fin: false }), expect: { fail: 1002 } },
  { name: 'a new text message in the middle of a fragmented one fails with 1002', writes: [[{ opcode: TEXT, payload: 'a', fin: false }, { opcode: TEXT, payload: 'b', fin: true }]], expect: { fail: 1002 } },
  { name: 'a binary frame in the middle of a fragmented text message fails with 1002', writes: [[{ opcode: TEXT, payload: 'a', fin: false }], [{ opcode: BINARY, payload: 'b', fin: false }]], expect: { fail: 1002 } },
];

const control: Case[] = [
  { name: 'an empty ping is answered by an empty pong', writes: one({ opcode: PING }), expect: { echo: [{ opcode: PONG, payload: bytes() }] } },
  { name: 'a 125-byte ping is answered by a pong with the same 125 bytes', writes: one({ opcode: PING, payload: pattern(125) }), expect: { echo: [{ opcode: PONG, payload: pattern(125) }] } },
  { name: 'ten pings in one write get ten pongs in order', writes: [Array.from({ length: 10 }, (_, i) => ({ opcode: PING, payload: `ping ${i}` }))], expect: { echo: Array.from({ length: 10 }, (_, i) => ({ opcode: PONG, payload: text(`ping ${i}`) })) } },
  { name: 'an unsolicited pong is ignored', writes: [[{ opcode: PONG, payload: 'unsolicited' }, { opcode: TEXT, payload: 'after' }]], expect: { echo: [{ opcode: TEXT, payload: text('after') }] } },
  { name: 'a fragmented ping fails with 1002', writes: one({ opcode: PING, payload: 'frag', fin: false }), expect: { fail: 1002 } },
  { name: 'a fragmented close fails with 1002', writes: one({ opcode: CLOSE, payload: codeOnly(1000), fin: false }), expect: { fail: 1002 } },
  { name: 'a 126-byte ping fails with 1002', writes: one({ opcode: PING, payload: pattern(126) }), expect: { fail: 1002 } },
  { name: 'a 126-byte pong fails with 1002', writes: one({ opcode: PONG, payload: pattern(126) }), expect: { fail: 1002 } },
  { name: 'a 126-byte close fails with 1002', writes: one({ opcode: CLOSE, payload: closePayload(1000, 'x'.repeat(124)) }), expect: { fail: 1002 } },
];

const utf8: Case[] = [
  ...[
    ['U+0000', bytes(0x00)],
    ['U+007F', bytes(0x7f)],
    ['U+0080', bytes(0xc2, 0x80)],
    ['U+07FF', bytes(0xdf, 0xbf)],
    ['U+0800', bytes(0xe0, 0xa0, 0x80)],
    ['U+D7FF', bytes(0xed, 0x9f, 0xbf)],
    ['U+E000', bytes(0xee, 0x80, 0x80)],
    ['U+FFFF', bytes(0xef, 0xbf, 0xbf)],
    ['U+10000', bytes(0xf0, 0x90, 0x80, 0x80)],
    ['U+10FFFF', bytes(0xf4, 0x8f, 0xbf, 0xbf)],
  ].map(([label, payload]): Case => ({ name: `the boundary code point ${label} is echoed`, writes: one({ opcode: TEXT, payload: payload as Buffer }), expect: { echo: [{ opcode: TEXT, payload: payload as Buffer }] } })),
  { name: 'a 4-byte character split 1|3 across fragments is echoed', writes: [[{ opcode: TEXT, payload: bytes(0xf0), fin: false }], [{ opcode: CONT, payload: bytes(0x9f, 0x98, 0x80), fin: true }]], expect: { echo: [{ opcode: TEXT, payload: text('😀') }] } },
  { name: 'a character split across fragments with a ping between them is echoed after the pong', writes: [[{ opcode: TEXT, payload: bytes(0x61, 0xf0, 0x9f), fin: false }], [{ opcode: PING, payload: 'mid' }], [{ opcode: CONT, payload: bytes(0x98, 0x80), fin: true }]], expect: { echo: [{ opcode: PONG, payload: text('mid') }, { opcode: TEXT, payload: text('a😀') }] } },
  { name: '"κόσμε" one byte per fragment is echoed', writes: [[...text('κόσμε')].map((byte, i, all): CaseFrame => ({ opcode: i === 0 ? TEXT : CONT, payload: bytes(byte), fin: i === all.length - 1 }))], expect: { echo: [{ opcode: TEXT, payload: text('κόσμε') }] } },
  ...[
    ['0xFF', bytes(0x61, 0xff, 0x62)],
    ['a lone continuation byte', bytes(0x80)],
    ['an overlong "/" (C0 AF)', bytes(0xc0, 0xaf)],
    ['an overlong 3-byte form (E0 80 AF)', bytes(0xe0, 0x80, 0xaf)],
    ['a surrogate (ED A0 80)', bytes(0xed, 0xa0, 0x80)],
    ['a code point above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80)],
    ['a 5-byte form (F8 88 80 80 80)', bytes(0xf8, 0x88, 0x80, 0x80, 0x80)],
    ['a character cut off at the end (E2 82)', bytes(0x61, 0x62, 0xe2, 0x82)],
  ].map(([label, payload]): Case => ({ name: `text with ${label} fails with 1007`, writes: one({ opcode: TEXT, payload: payload as Buffer }), expect: { fail: 1007 } })),
  { name: 'invalid UTF-8 in the final fragment fails with 1007', writes: [[{ opcode: TEXT, payload: 'valid', fin: false }], [{ opcode: CONT, payload: bytes(0x61, 0xc0, 0xaf), fin: true }]], expect: { fail: 1007 } },
  { name: 'a message that ends mid-character across fragments fails with 1007', writes: [[{ opcode: TEXT, payload: bytes(0x61, 0xe2), fin: false }], [{ opcode: CONT, payload: bytes(0x82), fin: true }]], expect: { fail: 1007 } },
  // Fail fast (§8.1, Autobahn 6.4): the Close comes after the fragment that holds the bad byte, before the message ends.
  { name: 'fail fast: invalid UTF-8 in a first, unfinished fragment fails with 1007', writes: one({ opcode: TEXT, payload: bytes(0x61, 0x62, 0xff), fin: false }), expect: { fail: 1007 } },
  { name: 'fail fast: a split character completed wrongly in an unfinished fragment fails with 1007', writes: [[{ opcode: TEXT, payload: bytes(0x61, 0xf0, 0x9f), fin: false }], [{ opcode: CONT, payload: bytes(0x41), fin: false }]], expect: { fail: 1007 } },
  { name: 'fail fast: invalid UTF-8 in the first bytes of a 64-byte frame fails before the rest arrives', writes: one({ opcode: TEXT, payload: bytes(0x61, 0x62, 0xce, 0xba, 0xff, 0x63), length: 64n }), expect: { fail: 1007 } },
];

const closing: Case[] = [
  { name: 'an empty Close is answered by an empty Close', writes: one({ opcode: CLOSE }), expect: { closeReply: bytes() } },
  ...[1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999].map((code): Case => ({ name: `close code ${code} is answered with ${code}`, writes: one({ opcode: CLOSE, payload: codeOnly(code) }), expect: { closeReply: codeOnly(code) } })),
  { name: 'a Close with a UTF-8 reason is answered with its code', writes: one({ opcode: CLOSE, payload: closePayload(1000, 'bye ✓') }), expect: { closeReply: codeOnly(1000) } },
  { name: 'a 125-byte Close is answered with its code', writes: one({ opcode: CLOSE, payload: closePayload(4000, 'r'.repeat(123)) }), expect: { closeReply: codeOnly(4000) } },
  { name: 'a Close in the middle of a fragmented message is answered, the message dropped', writes: [[{ opcode: TEXT, payload: 'unfinished', fin: false }], [{ opcode: CLOSE, payload: codeOnly(1000) }]], expect: { closeReply: codeOnly(1000) } },
  { name: 'a text frame after the Close is ignored', writes: [[{ opcode: CLOSE, payload: codeOnly(1000) }, { opcode: TEXT, payload: 'late' }]], expect: { closeReply: codeOnly(1000) } },
  { name: 'a ping after the Close is not answered', writes: [[{ opcode: CLOSE, payload: codeOnly(1000) }, { opcode: PING, payload: 'late' }]], expect: { closeReply: codeOnly(1000) } },
  { name: 'a 1-byte Close payload fails with 1002', writes: one({ opcode: CLOSE, payload: bytes(0x03) }), expect: { fail: 1002 } },
  ...[0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535].map((code): Case => ({ name: `the invalid close code ${code} fails with 1002`, writes: one({ opcode: CLOSE, payload: codeOnly(code) }), expect: { fail: 1002 } })),
  { name: 'a close reason that is not UTF-8 fails with 1007', writes: one({ opcode: CLOSE, payload: closePayload(1000, bytes(0xce, 0xba, 0xff)) }), expect: { fail: 1007 } },
];

const sections: Array<[string, Case[]]> = [
  ['RFC 6455 §5.2 base framing', framing],
  ['RFC 6455 §5.4 fragmentation', fragmentation],
  ['RFC 6455 §5.5 control frames', control],
  ['RFC 6455 §8.1 UTF-8 in text messages', utf8],
  ['RFC 6455 §5.5.1 / §7.4 the close handshake and close codes', closing],
];

type Side = 'server' | 'client';

/** The bytes of every write of `c`, masked as the raw peer's role requires unless the case says otherwise. */
function wireWrites(c: Case, side: Side): Buffer[] {
  // The raw peer plays the other role: a client (masking) against our server, a server against our client.
  const keyFor = (frame: CaseFrame): Buffer | null => ((side === 'server') !== (frame.misMasked === true) ? RAW_MASK_KEY : null);
  const writes = c.writes.map((frames) => Buffer.concat(frames.map((frame) => encodeRawFrame(frame, keyFor(frame)))));
  return c.bytePerWrite ? writes.flatMap((write) => [...write].map((byte) => bytes(byte))) : writes;
}

/** What the frame must look like from the peer under test: its opcode and payload, final, no RSV, masked only by a client. */
function expectFrame(frame: WireFrame, opcode: number, payload: Buffer, side: Side, expect: ExpectStatic): void {
  expect({ fin: frame.fin, rsv: frame.rsv, opcode: frame.opcode, masked: frame.masked, payload: frame.payload.toString('hex') }, describeFrame(frame)).toEqual({
    fin: true,
    rsv: 0,
    opcode,
    masked: side === 'client',
    payload: payload.toString('hex'),
  });
  // A server's frame is fully determined: check the exact bytes, header included (§5.2 minimal length form).
  if (side === 'server') expect(frame.wire.toString('hex')).toBe(encodeRawFrame({ opcode, payload }, null).toString('hex'));
}

/** §7.1.1: the server closes TCP first; against our client, the raw server does it after the Close exchange. */
async function expectTcpCloseAfterClose(peer: RawPeer, side: Side, expect: ExpectStatic): Promise<void> {
  if (side === 'client') peer.socket.end();
  const rest = await peer.framesUntilTcpClose(3_000);
  expect(rest.map(describeFrame), 'nothing after the Close frame').toEqual([]);
  expect(peer.socketError?.message ?? null, 'a clean TCP close, not a reset').toBeNull();
}

async function runCase(c: Case, side: Side, peer: RawPeer, expect: ExpectStatic): Promise<void> {
  const writes = wireWrites(c, side);
  for (const [i, write] of writes.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 2));
    // A peer that failed fast has closed TCP already; our side ended with it, and the rest has nowhere to go.
    if (peer.socket.writableEnded) break;
    peer.write(write);
  }
  if ('fail' in c.expect) {
    // The whole reaction: one Close frame with exactly the code, then TCP close (the client closes it too when it fails).
    const frames = await peer.framesUntilTcpClose(3_000);
    expect(frames.map(describeFrame), `a Close ${c.expect.fail}, then TCP close`).toHaveLength(1);
    expectFrame(frames[0], CLOSE, codeOnly(c.expect.fail), side, expect);
    expect(peer.socketError?.message ?? null, 'a clean TCP close, not a reset').toBeNull();
    return;
  }
  if ('echo' in c.expect) {
    for (const { opcode, payload } of c.expect.echo) expectFrame(await peer.nextFrame(5_000), opcode, payload, side, expect);
    peer.send({ opcode: CLOSE, payload: codeOnly(1000) });
    expectFrame(await peer.nextFrame(), CLOSE, codeOnly(1000), side, expect);
  } else {
    expectFrame(await peer.nextFrame(), CLOSE, c.expect.closeReply, side, expect);
  }
  await expectTcpCloseAfterClose(peer, side, expect);
}

/** wsb connect exits 0 after a clean close with 1000, 1001 or no status, and 1 otherwise (README). */
function expectedExitCode(c: Case): number {
  if ('fail' in c.expect) return 1;
  if ('echo' in c.expect) return 0;
  const reply = c.expect.closeReply;
  return reply.length === 0 || [1000, 1001].includes(reply.readUInt16BE(0)) ? 0 : 1;
}

/** §10.4: limits, with `--max-message 1024` on the peer under test. */
const LIMIT_ARGS = ['--max-message', '1024'];
const limits: Case[] = [
  { name: 'a 1024-byte message is echoed', writes: one({ opcode: BINARY, payload: pattern(1024) }), expect: { echo: [{ opcode: BINARY, payload: pattern(1024) }] } },
  { name: 'a 1025-byte frame fails with 1009', writes: one({ opcode: BINARY, payload: pattern(1025) }), expect: { fail: 1009 } },
  { name: 'a header declaring 1025 bytes fails with 1009 before any payload', writes: one({ opcode: BINARY, length: 1025n }), expect: { fail: 1009 } },
  { name: 'fragments of 512 and 513 bytes fail with 1009', writes: [[{ opcode: TEXT, payload: Buffer.alloc(512, 'a'), fin: false }], [{ opcode: CONT, payload: Buffer.alloc(513, 'b'), fin: true }]], expect: { fail: 1009 } },
  { name: 'control frames do not count towards the message size', writes: [[{ opcode: TEXT, payload: Buffer.alloc(1000, 'a'), fin: false }, { opcode: PING, payload: pattern(100) }, { opcode: CONT, payload: Buffer.alloc(24, 'b'), fin: true }]], expect: { echo: [{ opcode: PONG, payload: pattern(100) }, { opcode: TEXT, payload: Buffer.concat([Buffer.alloc(1000, 'a'), Buffer.alloc(24, 'b')]) }] } },
];

/** Every case of `sections` as a raw client against one `wsb serve --port 0 --echo ...args`. */
function againstOurServer(args: string[], cases: Array<[string, Case[]]>): void {
  let wsb: PeerProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    const started = await startWsbServe(['--echo', ...args]);
    wsb = started.process;
    port = started.port;
  });
  afterAll(async () => {
    await wsb?.stop();
  });

  describe.each(cases)('%s', (_section, sectionCases) => {
    it.for(sectionCases)('$name', async (c, { expect, onTestFinished }) => {
      const peer = await rawClient(port);
      onTestFinished(() => peer.destroy());
      await runCase(c, 'server', peer, expect);
    });
  });

  if (args.length > 0) return;
  it('200 concurrent connections each get their own echo, then close cleanly', async ({ expect, onTestFinished }) => {
    const peers = await Promise.all(Array.from({ length: 200 }, () => rawClient(port, '/', 10_000)));
    onTestFinished(() => peers.forEach((peer) => peer.destroy()));
    for (const [i, peer] of peers.entries()) peer.send({ opcode: TEXT, payload: `client ${i}` });
    const echoes = await Promise.all(peers.map((peer) => peer.nextFrame(10_000)));
    echoes.forEach((frame, i) => expectFrame(frame, TEXT, text(`client ${i}`), 'server', expect));
    for (const peer of peers) peer.send({ opcode: CLOSE, payload: codeOnly(1000) });
    const closes = await Promise.all(peers.map((peer) => peer.nextFrame(10_000)));
    closes.forEach((frame) => expectFrame(frame, CLOSE, codeOnly(1000), 'server', expect));
    const rests = await Promise.all(peers.map((peer) => peer.framesUntilTcpClose(10_000)));
    expect(rests.flat()).toEqual([]);
  });
}

/** Every case of `sections` as a raw server against its own `wsb connect URL --echo ...args` process. */
function againstOurClient(args: string[], cases: Array<[string, Case[]]>): void {
  let raw: RawServer | undefined;
  let next = 0;
  beforeAll(async () => {
    raw = await new RawServer().listen();
  });
  afterAll(async () => {
    await raw?.close();
  });

  describe.each(cases)('%s', (_section, sectionCases) => {
    it.concurrent.for(sectionCases)('$name', async (c, { expect, onTestFinished }) => {
      const path = `/case-${next++}`;
      const wsb = startWsbConnect(raw!.url(path), ['--echo', ...args]);
      onTestFinished(() => wsb.stop());
      const { peer } = await raw!.accept(path);
      onTestFinished(() => peer.destroy());
      await runCase(c, 'client', peer, expect);
      const { code } = await wsb.exited(5_000);
      expect(code, `exit status; stderr: ${wsb.stderr()}`).toBe(expectedExitCode(c));
      if (code !== 0) expect(wsb.stderr()).toMatch(/^wsb: .+\n$/);
    });
  });
}

describe('our server: a raw client against `wsb serve --echo`', () => againstOurServer([], sections));
describe('our server: a raw client against `wsb serve --echo --max-message 1024`', () => againstOurServer(LIMIT_ARGS, [['RFC 6455 §10.4 limits', limits]]));
describe('our client: a raw server against `wsb connect URL --echo`', () => againstOurClient([], sections));
describe('our client: a raw server against `wsb connect URL --echo --max-message 1024`', () => againstOurClient(LIMIT_ARGS, [['RFC 6455 §10.4 limits', limits]]));
