import { describe, expect, it } from 'vitest';
import type { Role } from '../../electron/protocol/connection';
import type { FrameSpec } from '../../electron/protocol/frame-encoder';
import { buildClientRequest } from '../../electron/protocol/handshake-client';
import { buildAcceptResponse } from '../../electron/protocol/handshake-server';
import { ServerConnection } from '../../electron/protocol/server-connection';
import { ClientConnection } from '../../electron/protocol/client-connection';
import { hex, patternBytes, referenceMask, toHex } from './bytes';
import { connectPair, feedEveryWay, fromPeer, HANDSHAKE, openClient, openEndpoint, openServer, Recorder, RFC_KEY, RFC_MASK_KEY, type SinkEvent } from './engine-pair';

// The connection state machine on the happy paths, client and server mirrored. Failures are in
// connection-failures.test.ts. Every received fixture is fed whole, split and byte by byte.

const ROLES: Role[] = ['client', 'server'];
const HELLO = hex('48 65 6c 6c 6f');
const KEY_HEX = toHex(RFC_MASK_KEY);

/** Frames from the peer of `role`, back to back. */
const peer = (role: Role, ...specs: FrameSpec[]): Buffer => Buffer.concat(specs.map((spec) => fromPeer(role, spec)));

/** What `role` writes for an unfragmented frame of up to 125 bytes: masked with the RFC key by a client. */
function sent(role: Role, opcode: number, payload: Uint8Array): string {
  if (role === 'server') return toHex(Uint8Array.of(0x80 | opcode, payload.length)) + toHex(payload);
  return toHex(Uint8Array.of(0x80 | opcode, 0x80 | payload.length)) + KEY_HEX + toHex(referenceMask(payload, RFC_MASK_KEY));
}

function expectEveryWay(role: Role, wire: Buffer, expected: { writes: string[]; events: SinkEvent[] }): void {
  for (const { label, writes, events } of feedEveryWay(role, wire)) expect({ writes, events }, label).toEqual(expected);
}

describe('RFC 6455 §6.2 receiving data', () => {
  it.each(ROLES)('%s: delivers a text message and writes nothing', (role) => {
    expectEveryWay(role, peer(role, { opcode: 1, payload: HELLO }), { writes: [], events: [['message', 'text', 'Hello']] });
  });

  it.each(ROLES)('%s: delivers a 256-byte binary message (16-bit length)', (role) => {
    const payload = patternBytes(256);
    expectEveryWay(role, peer(role, { opcode: 2, payload }), { writes: [], events: [['message', 'binary', toHex(payload)]] });
  });

  it.each(ROLES)('%s: delivers empty messages and back-to-back messages in order', (role) => {
    // Cut byte by byte, 'é€😀' is validated as it streams in; its state must not leak into 'AB'.
    const wire = peer(role, { opcode: 1, payload: hex('') }, { opcode: 2, payload: hex('') }, { opcode: 1, payload: Buffer.from('é€😀') }, { opcode: 1, payload: Buffer.from('AB') });
    expectEveryWay(role, wire, { writes: [], events: [['message', 'text', ''], ['message', 'binary', ''], ['message', 'text', 'é€😀'], ['message', 'text', 'AB']] });
  });

  it('server: reads frames that arrive in the same chunk as the opening request', () => {
    const rec = new Recorder();
    const server = new ServerConnection({}, rec);
    server.receiveData(Buffer.concat([buildClientRequest(HANDSHAKE, RFC_KEY), fromPeer('server', { opcode: 1, payload: HELLO })]));
    expect(rec.events).toEqual([['open'], ['message', 'text', 'Hello']]);
  });

  it('client: reads frames that arrive in the same chunk as the 101 response', () => {
    const rec = new Recorder();
    const client = new ClientConnection({ ...HANDSHAKE, key: RFC_KEY }, rec);
    client.start();
    client.receiveData(Buffer.concat([buildAcceptResponse(RFC_KEY, null), hex('81 05 48 65 6c 6c 6f')]));
    expect(rec.events).toEqual([['open'], ['message', 'text', 'Hello']]);
  });
});

describe('RFC 6455 §6.1 sending data', () => {
  it('client: masks every frame with a fresh key from its key source (§5.3)', () => {
    const keys = [hex('37 fa 21 3d'), hex('01 02 03 04')];
    const { conn, rec } = openClient({ maskKey: () => keys.shift() ?? hex('00 00 00 00') });
    conn.sendText('Hello');
    conn.sendBinary(hex('10 20'));
    expect(rec.writes).toEqual(['818537fa213d7f9f4d5158', '828201020304' + '1122']);
  });

  it('server: writes the §5.7 unmasked "Hello" and a 256-byte binary frame', () => {
    const { conn, rec } = openServer();
    conn.sendText('Hello');
    conn.sendBinary(patternBytes(256));
    expect(rec.writes).toEqual(['810548656c6c6f', '827e0100' + toHex(patternBytes(256))]);
  });

  it.each(ROLES)('%s: sends text given as bytes unchanged, and fragments by hand with sendFrame (§5.4)', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.sendText(hex('e2 82 ac'));
    conn.sendFrame(1, hex('48 65 6c'), false);
    conn.sendFrame(0, hex('6c 6f'), true);
    const first = sent(role, 1, hex('e2 82 ac'));
    const fragments = role === 'server' ? ['010348656c', '80026c6f'] : [`0183${KEY_HEX}7f9f4d`, `8082${KEY_HEX}5b95`];
    expect(rec.writes).toEqual([first, ...fragments]);
  });

  it('delivers messages both ways between a client and a server', () => {
    const { client, server, flush } = connectPair();
    client.conn.sendText('from the client');
    server.conn.sendBinary(hex('00 ff'));
    server.conn.sendFrame(1, Buffer.from('frag'), false);
    server.conn.sendFrame(0, Buffer.from('ment'), true);
    flush();
    expect(server.rec.events).toEqual([['message', 'text', 'from the client']]);
    expect(client.rec.events).toEqual([['message', 'binary', '00ff'], ['message', 'text', 'fragment']]);
  });
});

describe('RFC 6455 §5.4 fragmentation', () => {
  it.each(ROLES)('%s: reassembles a text message with a ping between its fragments, answering the ping at once', (role) => {
    const wire = peer(role, { opcode: 1, payload: hex('48 65 6c'), fin: false }, { opcode: 9, payload: hex('2a') }, { opcode: 0, payload: hex('6c 6f') });
    expectEveryWay(role, wire, { writes: [sent(role, 10, hex('2a'))], events: [['ping', '2a'], ['message', 'text', 'Hello']] });
  });

  it.each(ROLES)('%s: reassembles a binary message of three fragments with a pong between them', (role) => {
    const wire = peer(role, { opcode: 2, payload: hex('01 02'), fin: false }, { opcode: 0, payload: hex('03'), fin: false }, { opcode: 10, payload: hex('') }, { opcode: 0, payload: hex('04 05') });
    expectEveryWay(role, wire, { writes: [], events: [['pong', ''], ['message', 'binary', '0102030405']] });
  });

  it.each(ROLES)('%s: accepts a code point split across fragments (§8.1 validates the message, not each frame)', (role) => {
    const wire = peer(
      role,
      { opcode: 1, payload: hex('e2'), fin: false },
      { opcode: 0, payload: hex('82 ac f0'), fin: false },
      { opcode: 0, payload: hex('9f'), fin: false },
      { opcode: 0, payload: hex('98 80') },
      { opcode: 1, payload: hex('c3'), fin: false },
      { opcode: 0, payload: hex('a9') },
    );
    expectEveryWay(role, wire, { writes: [], events: [['message', 'text', '€😀'], ['message', 'text', 'é']] });
  });

  it.each(ROLES)('%s: starts each message afresh, including empty fragments', (role) => {
    const wire = peer(role, { opcode: 2, payload: hex(''), fin: false }, { opcode: 0, payload: hex('ff') }, { opcode: 1, payload: hex(''), fin: false }, { opcode: 0, payload: hex('') }, { opcode: 1, payload: hex('41') });
    expectEveryWay(role, wire, { writes: [], events: [['message', 'binary', 'ff'], ['message', 'text', ''], ['message', 'text', 'A']] });
  });
});

describe('RFC 6455 §5.5.2 and §5.5.3 ping and pong', () => {
  it.each(ROLES)('%s: answers a ping with a pong carrying the same payload', (role) => {
    expectEveryWay(role, peer(role, { opcode: 9, payload: HELLO }), { writes: [sent(role, 10, HELLO)], events: [['ping', toHex(HELLO)]] });
  });

  it('client: the §5.7 masked pong answers the §5.7 unmasked ping', () => {
    const { conn, rec } = openClient();
    conn.receiveData(hex('89 05 48 65 6c 6c 6f'));
    expect(rec.writes).toEqual(['8a8537fa213d7f9f4d5158']);
  });

  it.each(ROLES)('%s: with autoPong off, reports the ping and leaves the answer to the caller', (role) => {
    const { conn, rec } = openEndpoint(role, { autoPong: false });
    conn.receiveData(fromPeer(role, { opcode: 9, payload: HELLO }));
    expect(rec.writes).toEqual([]);
    conn.pong(HELLO);
    expect(rec.writes).toEqual([sent(role, 10, HELLO)]);
    expect(rec.events).toEqual([['ping', toHex(HELLO)]]);
  });

  it.each(ROLES)('%s: reports an unsolicited pong without answering it', (role) => {
    expectEveryWay(role, peer(role, { opcode: 10, payload: hex('01') }), { writes: [], events: [['pong', '01']] });
  });

  it.each(ROLES)('%s: sends pings of up to 125 bytes and refuses longer ones', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.ping();
    conn.ping(patternBytes(125));
    expect(() => conn.ping(patternBytes(126))).toThrow(RangeError);
    expect(() => conn.pong(patternBytes(126))).toThrow(RangeError);
    expect(rec.writes).toEqual([sent(role, 9, hex('')), role === 'server' ? `897d${toHex(patternBytes(125))}` : `89fd${KEY_HEX}${toHex(referenceMask(patternBytes(125), RFC_MASK_KEY))}`]);
  });

  it.each(ROLES)('%s: reports but does not answer a ping once it has sent its Close frame', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close(1000);
    conn.receiveData(fromPeer(role, { opcode: 9, payload: hex('2a') }));
    expect(rec.writes).toEqual([sent(role, 8, hex('03 e8'))]);
    expect(rec.events).toEqual([['ping', '2a']]);
  });
});

describe('RFC 6455 §5.5.2 ping and pong back to back', () => {
  it('a client answers the server’s ping by default, and leaves it to the caller with autoPong off', () => {
    const answering = connectPair();
    answering.server.conn.ping(hex('01 02'));
    answering.flush();
    expect(answering.client.rec.events).toEqual([['ping', '0102']]);
    expect(answering.server.rec.events).toEqual([['pong', '0102']]);

    const silent = connectPair({ autoPong: false });
    silent.server.conn.ping(hex('01 02'));
    silent.flush();
    expect(silent.client.rec.events).toEqual([['ping', '0102']]);
    expect(silent.server.rec.events).toEqual([]);
  });
});

describe('RFC 6455 §5.2 and §6.1 the frame hook and crafted frames', () => {
  it('server: records each frame in and out with its exact header and clear payload', () => {
    const { conn, rec } = openServer();
    conn.receiveData(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    conn.sendRawFrame({ opcode: 3, rsv1: true, fin: false, payload: hex('61 62'), lengthForm: 64, declaredLength: 10 });
    expect(rec.frames).toEqual([
      { direction: 'in', crafted: false, opcode: 1, payloadLength: 5, header: '818537fa213d', payload: '48656c6c6f' },
      { direction: 'out', crafted: true, opcode: 3, payloadLength: 10, header: '437f000000000000000a', payload: '6162' },
    ]);
    expect(rec.writes).toEqual(['437f000000000000000a6162']);
  });

  it('client: sendRawFrame writes exactly the spec, masked or not, whatever the role would require', () => {
    const { conn, rec } = openClient();
    conn.sendRawFrame({ opcode: 1, payload: HELLO });
    conn.sendRawFrame({ opcode: 9, payload: HELLO, maskKey: hex('00 00 00 00'), rsv2: true, rsv3: true });
    conn.sendRawFrame({ opcode: 0xf, payload: hex(''), fin: false, lengthForm: 16 });
    conn.sendRawBytes(hex('de ad'));
    expect(rec.writes).toEqual(['810548656c6c6f', 'b98500000000' + '48656c6c6f', '0f7e0000', 'dead']);
    expect(rec.events).toEqual([]);
  });

  it('sendRawFrame still writes a declared length above 2^53 exactly', () => {
    const { conn, rec } = openServer();
    conn.sendRawFrame({ opcode: 2, payload: hex(''), declaredLength: 2n ** 60n });
    expect(rec.writes).toEqual(['827f1000000000000000']);
  });
});
