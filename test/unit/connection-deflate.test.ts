import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../electron/protocol/client-connection';
import { encodeFrame } from '../../electron/protocol/frame-encoder';
import { buildAcceptResponse } from '../../electron/protocol/handshake-server';
import { connectPair, HANDSHAKE, openServer, Recorder, RFC_KEY, RFC_MASK_KEY } from './engine-pair';
import { toHex } from './bytes';

const deflateRaw = (data: Buffer) => zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, -4);

/** A server that agreed on permessage-deflate, fed by a client that compresses by hand. */
function deflateServer(maxMessageSize?: number) {
  const pair = connectPair({ deflate: {} }, { deflate: {}, maxMessageSize });
  return pair;
}

const clientFrame = (spec: Parameters<typeof encodeFrame>[0]) => Buffer.concat(encodeFrame({ maskKey: RFC_MASK_KEY, ...spec }));

describe('RFC 7692 §5: negotiation through the opening handshake', () => {
  it('agrees when both sides want it, and both report the agreement', () => {
    const { client, server } = connectPair({ deflate: {} }, { deflate: {} });
    expect(client.conn.extensions).toBe('permessage-deflate');
    expect(server.conn.extensions).toBe('permessage-deflate');
  });

  it('offers client_max_window_bits and carries the server parameters it asked for', () => {
    const { client } = connectPair({ deflate: { serverNoContextTakeover: true } }, { deflate: {} });
    expect(client.conn.extensions).toBe('permessage-deflate; server_no_context_takeover');
  });

  it('goes without compression when the server declines', () => {
    const { client, server, flush } = connectPair({ deflate: {} }, {});
    expect(client.conn.extensions).toBeNull();
    client.conn.sendText('x'.repeat(5000));
    flush();
    expect(server.rec.frames[0]).toMatchObject({ opcode: 1, payloadLength: 5000 });
    expect(server.rec.events).toEqual([['message', 'text', 'x'.repeat(5000)]]);
  });

  it('fails the handshake when the server answers with a parameter it may not send', () => {
    const rec = new Recorder();
    const conn = new ClientConnection({ ...HANDSHAKE, key: RFC_KEY, deflate: { clientMaxWindowBits: 10 } }, rec);
    conn.start();
    conn.receiveData(buildAcceptResponse(RFC_KEY, null, [['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits=12']]));
    expect(conn.readyState).not.toBe('OPEN');
    expect(rec.errors[0].message).toBe("the server's Sec-WebSocket-Extensions is not acceptable: client_max_window_bits=12 exceeds the offered 10");
  });
});

describe('RFC 7692 §6 and §7.2: compressed messages', () => {
  it('compresses a message over the threshold, with RSV1 on its frame and both sizes recorded', () => {
    const { client, server, flush } = connectPair({ deflate: {} }, { deflate: {} });
    const text = 'hello deflate '.repeat(200);
    client.conn.sendText(text);
    flush();
    expect(server.rec.events).toEqual([['message', 'text', text]]);
    expect(server.rec.frames).toHaveLength(1);
    const inbound = server.rec.frames[0];
    expect(inbound.header.slice(0, 2)).toBe('c1'); // FIN + RSV1 + text
    expect(inbound.payloadLength).toBeLessThan(100);
    expect(server.rec.inflatedLengths).toEqual([text.length]);
    expect(client.rec.inflatedLengths).toEqual([text.length]);
  });

  it('sends messages under the threshold uncompressed', () => {
    const { client, server, flush } = connectPair({ deflate: { threshold: 1024 } }, { deflate: {} });
    client.conn.sendBinary(Buffer.alloc(1023, 7));
    flush();
    expect(server.rec.frames[0].header.slice(0, 2)).toBe('82');
    expect(server.rec.events).toEqual([['message', 'binary', '07'.repeat(1023)]]);
  });

  it('takes the context over: the same message again costs almost nothing, both ways', () => {
    const { client, server, flush } = connectPair({ deflate: { threshold: 0 } }, { deflate: { threshold: 0 } });
    const text = 'the quick brown fox jumps over the lazy dog';
    for (let i = 0; i < 3; i++) client.conn.sendText(text);
    for (let i = 0; i < 3; i++) server.conn.sendText(text);
    flush();
    const sizes = (frames: typeof server.rec.frames) => frames.filter((f) => f.direction === 'in').map((f) => f.payloadLength);
    const [first, second, third] = sizes(server.rec.frames);
    expect(second).toBeLessThan(first / 2);
    expect(third).toBeLessThanOrEqual(second);
    expect(server.rec.events.filter((e) => e[0] === 'message')).toHaveLength(3);
    expect(client.rec.events.filter((e) => e[0] === 'message')).toEqual(Array(3).fill(['message', 'text', text]));
  });

  it('reassembles a compressed message split across frames: RSV1 only on the first', () => {
    const { server } = deflateServer();
    const compressed = deflateRaw(Buffer.from('fragmented and compressed '.repeat(40)));
    const cut = Math.floor(compressed.length / 2);
    server.conn.receiveData(clientFrame({ opcode: 1, rsv1: true, fin: false, payload: compressed.subarray(0, cut) }));
    server.conn.receiveData(clientFrame({ opcode: 9, payload: Buffer.from('mid') }));
    server.conn.receiveData(clientFrame({ opcode: 0, payload: compressed.subarray(cut) }));
    expect(server.rec.events).toEqual([['ping', toHex(Buffer.from('mid'))], ['message', 'text', 'fragmented and compressed '.repeat(40)]]);
  });

  it.each([
    ['a continuation frame', [{ opcode: 1, rsv1: true, fin: false }, { opcode: 0, rsv1: true }]],
    ['a ping', [{ opcode: 9, rsv1: true }]],
    ['a close frame', [{ opcode: 8, rsv1: true }]],
  ] as const)('fails with 1002 on RSV1 set on %s', (_name, specs) => {
    const { server } = deflateServer();
    for (const spec of specs) server.conn.receiveData(clientFrame({ ...spec, payload: deflateRaw(Buffer.from('abc')) }));
    expect(server.rec.errors.map((e) => [e.code, e.closeCode])).toEqual([['WS_ERR_RSV1_MISUSE', 1002]]);
    expect(server.rec.writes.at(-1)).toBe('880203ea');
  });

  it('fails with 1009 as soon as a decompression bomb passes the message limit', () => {
    const { server } = deflateServer(1 << 20);
    const bomb = deflateRaw(Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    server.conn.receiveData(clientFrame({ opcode: 2, rsv1: true, payload: bomb }));
    expect(server.rec.errors.map((e) => [e.code, e.closeCode])).toEqual([['WS_ERR_MESSAGE_TOO_BIG', 1009]]);
    expect(server.rec.writes.at(-1)).toBe('880203f1');
  });

  it('fails with 1007 on a payload that does not inflate, and on compressed invalid UTF-8', () => {
    const garbage = deflateServer();
    garbage.server.conn.receiveData(clientFrame({ opcode: 2, rsv1: true, payload: Buffer.from('ffffffff', 'hex') }));
    expect(garbage.server.rec.errors.map((e) => e.closeCode)).toEqual([1007]);
    const invalidText = deflateServer();
    invalidText.server.conn.receiveData(clientFrame({ opcode: 1, rsv1: true, payload: deflateRaw(Buffer.from('c0af', 'hex')) }));
    expect(invalidText.server.rec.errors.map((e) => [e.code, e.closeCode])).toEqual([['WS_ERR_INVALID_UTF8', 1007]]);
  });

  it('refuses RSV1 when nothing was negotiated', () => {
    const { conn, rec } = openServer();
    conn.receiveData(clientFrame({ opcode: 1, rsv1: true, payload: deflateRaw(Buffer.from('abc')) }));
    expect(rec.errors.map((e) => [e.code, e.closeCode])).toEqual([['WS_ERR_RSV', 1002]]);
  });
});

describe('RFC 6455 §9.1: an extension offered by hand', () => {
  it('fails the handshake when the server agrees to permessage-deflate that the codec was not asked to run', () => {
    const rec = new Recorder();
    const conn = new ClientConnection({ ...HANDSHAKE, key: RFC_KEY, extensions: ['permessage-deflate'] }, rec);
    conn.start();
    conn.receiveData(buildAcceptResponse(RFC_KEY, null, [['Sec-WebSocket-Extensions', 'permessage-deflate']]));
    expect(conn.readyState).not.toBe('OPEN');
    expect(rec.errors.map((e) => [e.code, e.message])).toEqual([['WS_ERR_HANDSHAKE_EXTENSION', 'the server agreed to permessage-deflate, offered by hand; turn on deflate to use it']]);
  });
});
