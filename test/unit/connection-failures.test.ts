import { describe, expect, it } from 'vitest';
import type { ConnectionOptions, Role } from '../../electron/protocol/connection';
import { ProtocolError } from '../../electron/protocol/errors';
import { encodeHeader, type FrameSpec } from '../../electron/protocol/frame-encoder';
import { hex } from './bytes';
import { closeFrameHex, connectPair, feedEveryWay, fromPeer, openEndpoint, RFC_MASK_KEY, type SinkEvent } from './engine-pair';

// RFC 6455 §7.1.7 "Fail the WebSocket Connection": every violation a peer can commit, with the
// exact Close frame written in answer, client and server mirrored, fed whole, split and byte by byte.

const ROLES: Role[] = ['client', 'server'];

interface FailCase {
  name: string;
  /** The peer's frames; masked towards a server unless the spec says otherwise. */
  frames: FrameSpec[];
  errorCode: string;
  closeCode: number;
  roles?: Role[];
  options?: ConnectionOptions;
  /** Events that rightly come before the failure. */
  before?: SinkEvent[];
}

const data = (opcode: number, payload: string, extra: Partial<FrameSpec> = {}): FrameSpec => ({ opcode, payload: hex(payload), ...extra });
const closeWith = (code: number, reason = ''): FrameSpec => ({ opcode: 8, payload: Buffer.concat([Buffer.of(code >> 8, code & 0xff), Buffer.from(reason, 'latin1')]) });

const INVALID_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535];
const VALID_CLOSE_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999];

const CASES: FailCase[] = [
  // §5.2: RSV bits without an extension that defines them.
  { name: 'RSV1 on a text frame', frames: [data(1, '41', { rsv1: true })], errorCode: 'WS_ERR_RSV', closeCode: 1002 },
  { name: 'RSV2 on a binary frame', frames: [data(2, '41', { rsv2: true })], errorCode: 'WS_ERR_RSV', closeCode: 1002 },
  { name: 'RSV3 on a ping', frames: [data(9, '', { rsv3: true })], errorCode: 'WS_ERR_RSV', closeCode: 1002 },
  // §5.2: reserved opcodes.
  ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode) => ({ name: `reserved opcode 0x${opcode.toString(16)}`, frames: [data(opcode, '41')], errorCode: 'WS_ERR_RESERVED_OPCODE', closeCode: 1002 })),
  // §5.1: clients mask, servers do not.
  { name: 'an unmasked text frame from a client', roles: ['server'], frames: [data(1, '41', { maskKey: null })], errorCode: 'WS_ERR_UNMASKED_FRAME', closeCode: 1002 },
  { name: 'an unmasked Close from a client', roles: ['server'], frames: [{ ...closeWith(1000), maskKey: null }], errorCode: 'WS_ERR_UNMASKED_FRAME', closeCode: 1002 },
  { name: 'a masked text frame from a server', roles: ['client'], frames: [data(1, '41', { maskKey: RFC_MASK_KEY })], errorCode: 'WS_ERR_MASKED_FRAME', closeCode: 1002 },
  // §5.5: control frames are never fragmented and carry at most 125 bytes.
  { name: 'a fragmented ping', frames: [data(9, '', { fin: false })], errorCode: 'WS_ERR_FRAGMENTED_CONTROL', closeCode: 1002 },
  { name: 'a fragmented Close', frames: [{ ...closeWith(1000), fin: false }], errorCode: 'WS_ERR_FRAGMENTED_CONTROL', closeCode: 1002 },
  { name: 'a ping of 126 bytes', frames: [{ opcode: 9, payload: Buffer.alloc(126, 0x61) }], errorCode: 'WS_ERR_CONTROL_TOO_LONG', closeCode: 1002 },
  { name: 'a Close of 126 bytes', frames: [closeWith(1000, 'x'.repeat(124))], errorCode: 'WS_ERR_CONTROL_TOO_LONG', closeCode: 1002 },
  { name: 'a pong declaring 126 bytes in the 64-bit form', frames: [data(10, '', { declaredLength: 126, lengthForm: 64 })], errorCode: 'WS_ERR_CONTROL_TOO_LONG', closeCode: 1002 },
  // §5.4: fragments in order, one message at a time.
  { name: 'a continuation with nothing to continue', frames: [data(0, '41')], errorCode: 'WS_ERR_UNEXPECTED_CONTINUATION', closeCode: 1002 },
  {
    name: 'a continuation after a finished message',
    frames: [data(1, '41'), data(0, '42')],
    before: [['message', 'text', 'A']],
    errorCode: 'WS_ERR_UNEXPECTED_CONTINUATION',
    closeCode: 1002,
  },
  { name: 'a binary frame in the middle of a text message', frames: [data(1, '41', { fin: false }), data(2, '42')], errorCode: 'WS_ERR_EXPECTED_CONTINUATION', closeCode: 1002 },
  { name: 'a text frame in the middle of a text message', frames: [data(1, '41', { fin: false }), data(10, ''), data(1, '42')], before: [['pong', '']], errorCode: 'WS_ERR_EXPECTED_CONTINUATION', closeCode: 1002 },
  // §5.5.1 and §7.4: the Close body.
  { name: 'a Close with a 1-byte body', frames: [data(8, '03')], errorCode: 'WS_ERR_CLOSE_PAYLOAD', closeCode: 1002 },
  ...INVALID_CLOSE_CODES.map((code) => ({ name: `a Close with code ${code}`, frames: [closeWith(code)], errorCode: 'WS_ERR_CLOSE_CODE', closeCode: 1002 })),
  // §5.2: the most significant bit of a 64-bit length MUST be 0.
  { name: 'a 64-bit length with its top bit set', frames: [data(2, '', { declaredLength: 2n ** 63n })], errorCode: 'WS_ERR_LENGTH_TOP_BIT', closeCode: 1002 },
  // §8.1: text is UTF-8, as a whole message.
  { name: 'invalid UTF-8 in a single-frame text message', frames: [data(1, '48 c3 28')], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  { name: 'a text message that ends inside a character', frames: [data(1, '48 e2 82')], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  { name: 'invalid UTF-8 in a later fragment', frames: [data(1, '48 65', { fin: false }), data(0, '6c ff 6f')], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  { name: 'a surrogate split across fragments', frames: [data(1, 'ed', { fin: false }), data(0, 'a0 80')], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  { name: 'a fragmented text message that ends inside a character', frames: [data(1, 'e2', { fin: false }), data(0, '82')], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  { name: 'a Close reason that is not UTF-8', frames: [{ opcode: 8, payload: hex('03 e8 c0 af') }], errorCode: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  // §10.4: limits, checked from the header.
  { name: 'a frame over maxFrameSize', options: { maxFrameSize: 10 }, frames: [data(2, '00'.repeat(11))], errorCode: 'WS_ERR_FRAME_TOO_BIG', closeCode: 1009 },
  {
    name: 'a continuation over maxFrameSize',
    options: { maxFrameSize: 10 },
    frames: [data(2, '00'.repeat(10), { fin: false }), data(0, '00'.repeat(11))],
    errorCode: 'WS_ERR_FRAME_TOO_BIG',
    closeCode: 1009,
  },
  { name: 'a single-frame message over maxMessageSize', options: { maxMessageSize: 10 }, frames: [data(1, '41'.repeat(11))], errorCode: 'WS_ERR_MESSAGE_TOO_BIG', closeCode: 1009 },
  {
    name: 'fragments that add up to more than maxMessageSize',
    options: { maxMessageSize: 10 },
    frames: [data(1, '41'.repeat(6), { fin: false }), data(0, '41'.repeat(5))],
    errorCode: 'WS_ERR_MESSAGE_TOO_BIG',
    closeCode: 1009,
  },
  { name: 'a length beyond 2^53 - 1', frames: [data(2, '', { declaredLength: 2n ** 53n })], errorCode: 'WS_ERR_FRAME_TOO_BIG', closeCode: 1009 },
];

describe('RFC 6455 §7.1.7 failing the connection', () => {
  const table = CASES.flatMap((c) => (c.roles ?? ROLES).map((role): [string, Role, FailCase] => [c.name, role, c]));

  it.each(table)('%s (%s): one error, a Close with the exact code, the transport ended', (_name, role, c) => {
    const wire = Buffer.concat(c.frames.map((spec) => fromPeer(role, spec)));
    const expectedEvents: SinkEvent[] = [...(c.before ?? []), ['error', c.errorCode, c.closeCode], ['end']];
    for (const { label, writes, events } of feedEveryWay(role, wire, c.options)) {
      expect({ writes, events }, label).toEqual({ writes: [closeFrameHex(role, c.closeCode)], events: expectedEvents });
    }
  });

  it.each(ROLES)('%s: reports a failure as a local, unclean close with the failure’s code and message', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveData(fromPeer(role, data(1, 'ff')));
    expect(conn.readyState).toBe('CLOSING');
    conn.receiveEof();
    expect(conn.readyState).toBe('CLOSED');
    expect(rec.events.at(-1)).toEqual(['close', { code: 1007, reason: rec.errors[0].message, wasClean: false, initiatedBy: 'local' }]);
    expect(rec.errors[0].message).toBe('a text message is not valid UTF-8');
  });
});

describe('RFC 6455 §7.4 close codes a peer may send', () => {
  it.each(ROLES.flatMap((role) => VALID_CLOSE_CODES.map((code): [Role, number] => [role, code])))('%s: accepts %i and echoes it', (role, code) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveData(fromPeer(role, closeWith(code, 'ok')));
    expect(rec.writes).toEqual([closeFrameHex(role, code)]);
    expect(rec.errors).toEqual([]);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code, reason: 'ok', wasClean: true, initiatedBy: 'remote' }]);
  });
});

describe('RFC 6455 §10.4 limits are checked at header time', () => {
  const bigHeader = (role: Role, declaredLength: number | bigint, opcode = 2): Buffer =>
    encodeHeader({ opcode, payload: hex(''), declaredLength, maskKey: role === 'server' ? RFC_MASK_KEY : null });

  it.each(ROLES)('%s: fails on the header of a 4 GiB frame, before any payload byte', (role) => {
    const { conn, rec } = openEndpoint(role, { maxFrameSize: 1024 });
    conn.receiveData(bigHeader(role, 2 ** 32));
    expect(rec.events).toEqual([['error', 'WS_ERR_FRAME_TOO_BIG', 1009], ['end']]);
    expect(rec.writes).toEqual([closeFrameHex(role, 1009)]);
  });

  it.each(ROLES)('%s: fails on the header of the fragment that would overflow the message, before its payload', (role) => {
    const { conn, rec } = openEndpoint(role, { maxMessageSize: 10 });
    conn.receiveData(fromPeer(role, data(2, '00'.repeat(6), { fin: false })));
    expect(rec.events).toEqual([]);
    conn.receiveData(bigHeader(role, 5, 0));
    expect(rec.events).toEqual([['error', 'WS_ERR_MESSAGE_TOO_BIG', 1009], ['end']]);
  });

  it.each(ROLES)('%s: accepts a frame and a message of exactly the limit', (role) => {
    const { conn, rec } = openEndpoint(role, { maxFrameSize: 4, maxMessageSize: 6 });
    conn.receiveData(Buffer.concat([fromPeer(role, data(2, '01 02 03 04', { fin: false })), fromPeer(role, data(0, '05 06'))]));
    expect(rec.events).toEqual([['message', 'binary', '010203040506']]);
  });

  it.each(ROLES)('%s: fails on invalid UTF-8 as soon as it arrives, before the frame is complete (§8.1)', (role) => {
    const { conn, rec } = openEndpoint(role);
    const frame = fromPeer(role, data(1, `48 ff ${'41 '.repeat(98)}`));
    conn.receiveData(frame.subarray(0, role === 'server' ? 8 : 4));
    expect(rec.events).toEqual([['error', 'WS_ERR_INVALID_UTF8', 1007], ['end']]);
  });
});

describe('RFC 6455 §7.1.7 after a failure', () => {
  it.each(ROLES)('%s: processes nothing after the bad frame, in the same chunk or later', (role) => {
    const { conn, rec } = openEndpoint(role);
    const good = (): Buffer => Buffer.concat([fromPeer(role, data(1, '41')), fromPeer(role, data(9, '2a')), fromPeer(role, closeWith(1000))]);
    conn.receiveData(Buffer.concat([fromPeer(role, data(1, '41', { rsv1: true })), good()]));
    conn.receiveData(good());
    expect(rec.writes).toEqual([closeFrameHex(role, 1002)]);
    expect(rec.events).toEqual([['error', 'WS_ERR_RSV', 1002], ['end']]);
    expect(() => conn.sendText('after')).toThrow('CLOSING');
  });

  it('client and server back to back: the server refuses a message over its limit, the client echoes the 1009', () => {
    const { client, server, flush } = connectPair({}, { maxMessageSize: 4 });
    client.conn.sendBinary(hex('01 02 03 04 05'));
    flush();
    expect(server.rec.events).toEqual([['error', 'WS_ERR_MESSAGE_TOO_BIG', 1009], ['end']]);
    expect(server.rec.writes).toEqual([closeFrameHex('server', 1009)]);
    expect(client.rec.writes.at(-1)).toBe(closeFrameHex('client', 1009));
    client.conn.receiveEof();
    server.conn.receiveEof();
    expect(client.rec.events).toEqual([['close', { code: 1009, reason: '', wasClean: true, initiatedBy: 'remote' }]]);
    expect(server.rec.events.at(-1)).toEqual(['close', { code: 1009, reason: server.rec.errors[0].message, wasClean: false, initiatedBy: 'local' }]);
  });

  it.each(ROLES)('%s: sends no second Close when it fails after sending its own', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close(1000);
    conn.receiveData(fromPeer(role, data(7, '')));
    expect(rec.writes).toEqual([closeFrameHex(role, 1000)]);
    expect(rec.events).toEqual([['error', 'WS_ERR_RESERVED_OPCODE', 1002], ['end']]);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1002, reason: rec.errors[0].message, wasClean: false, initiatedBy: 'local' }]);
  });

  it.each(ROLES)('%s: a transport error (1006) while open writes no Close frame and does not throw (§7.4.1)', (role) => {
    const { conn, rec } = openEndpoint(role);
    expect(() => conn.abort(new ProtocolError('WS_ERR_SOCKET_ECONNRESET', 1006, 'the connection was reset'))).not.toThrow();
    expect(rec.writes).toEqual([]);
    expect(rec.events).toEqual([['error', 'WS_ERR_SOCKET_ECONNRESET', 1006], ['end']]);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1006, reason: 'the connection was reset', wasClean: false, initiatedBy: 'local' }]);
  });

  it.each(ROLES)('%s: a transport error after a clean close handshake changes nothing', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close(1000);
    conn.receiveData(fromPeer(role, closeWith(1000)));
    const before = rec.events.length;
    conn.abort(new ProtocolError('WS_ERR_SOCKET_EPIPE', 1006, 'broken pipe'));
    expect(rec.events).toHaveLength(before);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1000, reason: '', wasClean: true, initiatedBy: 'local' }]);
  });
});
