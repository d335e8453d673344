import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DeflateCodec } from '../../electron/protocol/deflate-codec';
import { acceptDeflateResponse, deflateOffer, negotiateDeflate, type DeflateParams } from '../../electron/protocol/deflate-negotiation';
import { ProtocolError } from '../../electron/protocol/errors';
import { formatExtensions, parseExtensions } from '../../electron/protocol/extension-header';

describe('RFC 6455 §9.1 Sec-WebSocket-Extensions grammar', () => {
  it('parses elements, parameters, values and quoted values', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits; server_max_window_bits="10", x-foo ;a=1')).toEqual([
      { name: 'permessage-deflate', params: [['client_max_window_bits', true], ['server_max_window_bits', '10']] },
      { name: 'x-foo', params: [['a', '1']] },
    ]);
  });

  it.each(['', ',', 'a;', 'a;=1', 'a; b="unterminated', 'a b', 'a;b=', 'a,,b'])('refuses %j', (value) => {
    expect(() => parseExtensions(value)).toThrow(/expected|unterminated|unexpected/);
  });

  it('formats what it parses', () => {
    const value = 'permessage-deflate; client_no_context_takeover; server_max_window_bits=10';
    expect(formatExtensions(parseExtensions(value))).toBe(value);
  });

  it('reads a long hostile header through to the offending character', () => {
    const hostile = `a${';b'.repeat(50_000)} @`;
    expect(() => parseExtensions(hostile)).toThrow('unexpected "@" at offset 100002');
  });
});

describe('RFC 7692 §5.1 and §7.1: negotiation, server side', () => {
  it.each([
    ['permessage-deflate', {}, 'permessage-deflate'],
    ['permessage-deflate; client_max_window_bits', {}, 'permessage-deflate'],
    ['permessage-deflate; client_max_window_bits', { clientMaxWindowBits: 10 }, 'permessage-deflate; client_max_window_bits=10'],
    ['permessage-deflate; client_max_window_bits=9', { clientMaxWindowBits: 12 }, 'permessage-deflate; client_max_window_bits=9'],
    ['permessage-deflate; server_max_window_bits=10', { serverMaxWindowBits: 12 }, 'permessage-deflate; server_max_window_bits=10'],
    ['permessage-deflate', { serverMaxWindowBits: 11 }, 'permessage-deflate; server_max_window_bits=11'],
    ['permessage-deflate; server_no_context_takeover', {}, 'permessage-deflate; server_no_context_takeover'],
    ['permessage-deflate', { clientNoContextTakeover: true }, 'permessage-deflate; client_no_context_takeover'],
    // The first acceptable offer wins; the invalid ones before it are declined.
    ['permessage-deflate; server_max_window_bits=16, permessage-deflate; foo, permessage-deflate; server_max_window_bits=9', {}, 'permessage-deflate; server_max_window_bits=9'],
    ['x-unknown, permessage-deflate', {}, 'permessage-deflate'],
  ] as const)('offer %j with %j ⇒ %j', (offer, options, agreed) => {
    expect(negotiateDeflate(offer, options)?.agreed).toBe(agreed);
  });

  it.each([
    'permessage-deflate; server_max_window_bits',
    'permessage-deflate; server_max_window_bits=7',
    'permessage-deflate; server_max_window_bits=08',
    'permessage-deflate; client_max_window_bits=16',
    'permessage-deflate; server_no_context_takeover=1',
    'permessage-deflate; server_no_context_takeover; server_no_context_takeover',
    'permessage-deflate; unknown_parameter',
    'x-other',
    'permessage-deflate;;',
  ])('declines %j', (offer) => {
    expect(negotiateDeflate(offer, {})).toBeNull();
  });

  it('knows its own direction', () => {
    const params = negotiateDeflate('permessage-deflate; server_max_window_bits=10; client_no_context_takeover', {});
    expect(params).toEqual({ outboundNoContextTakeover: false, inboundNoContextTakeover: true, outboundMaxWindowBits: 10, agreed: 'permessage-deflate; client_no_context_takeover; server_max_window_bits=10' });
  });
});

describe('RFC 7692 §5.1 and §7.1: negotiation, client side', () => {
  it('offers client_max_window_bits by default and the parameters asked for', () => {
    expect(deflateOffer({})).toBe('permessage-deflate; client_max_window_bits');
    expect(deflateOffer({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 12 })).toBe(
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12',
    );
  });

  it('accepts a plain answer, or none', () => {
    expect(acceptDeflateResponse(undefined, {})).toBeNull();
    expect(acceptDeflateResponse('x-other', {})).toBeNull();
    expect(acceptDeflateResponse('permessage-deflate', {})).toEqual({ outboundNoContextTakeover: false, inboundNoContextTakeover: false, outboundMaxWindowBits: 15, agreed: 'permessage-deflate' });
    expect(acceptDeflateResponse('permessage-deflate; client_max_window_bits=9; server_no_context_takeover', {})).toMatchObject({ outboundMaxWindowBits: 9, inboundNoContextTakeover: true });
  });

  it.each([
    ['permessage-deflate, permessage-deflate', {}, /more than once/],
    ['permessage-deflate; bogus', {}, /unknown parameter bogus/],
    ['permessage-deflate; client_max_window_bits', {}, /needs a value/],
    ['permessage-deflate; client_max_window_bits=12', { clientMaxWindowBits: 10 }, /exceeds the offered 10/],
    ['permessage-deflate; server_max_window_bits=12', { serverMaxWindowBits: 10 }, /exceeds the offered 10/],
    ['permessage-deflate', { serverMaxWindowBits: 10 }, /offered but not answered/],
    ['permessage-deflate', { serverNoContextTakeover: true }, /offered but not answered/],
    ['permessage-deflate; server_max_window_bits=20', {}, /not a number from 8 to 15/],
  ] as const)('fails the handshake on %j (offer %j)', (answer, offer, message) => {
    expect(() => acceptDeflateResponse(answer, offer)).toThrow(message);
  });
});

const params = (overrides: Partial<DeflateParams> = {}): DeflateParams => ({
  outboundNoContextTakeover: false,
  inboundNoContextTakeover: false,
  outboundMaxWindowBits: 15,
  agreed: 'permessage-deflate',
  ...overrides,
});

describe('RFC 7692 §7.2: the codec', () => {
  it('strips 00 00 ff ff and inflates what it deflates, at many sizes', () => {
    const sender = new DeflateCodec(params(), 0);
    const receiver = new DeflateCodec(params(), 0);
    for (const size of [1, 100, 1024, 65_536, 1 << 20]) {
      const data = Buffer.from('abcdefghij'.repeat(Math.ceil(size / 10)).slice(0, size));
      const compressed = sender.compress(data)!;
      expect(compressed.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff]))).toBe(false);
      expect(receiver.decompress([compressed], 2 << 20).equals(data)).toBe(true);
    }
  });

  it('matches the RFC 7692 §7.2.3.1 example: "Hello" is f2 48 cd c9 c9 07 00', () => {
    const codec = new DeflateCodec(params(), 0);
    expect(codec.compress(Buffer.from('Hello'))!.toString('hex')).toBe('f248cdc9c90700');
    expect(codec.decompress([Buffer.from('f248cdc9c90700', 'hex')], 100).toString()).toBe('Hello');
  });

  it('takes the context over between messages (§7.2.3.2): the second "Hello" is shorter', () => {
    const codec = new DeflateCodec(params(), 0);
    codec.compress(Buffer.from('Hello'));
    expect(codec.compress(Buffer.from('Hello'))!.toString('hex')).toBe('f200110000');
    const receiver = new DeflateCodec(params(), 0);
    expect(receiver.decompress([Buffer.from('f248cdc9c90700', 'hex')], 100).toString()).toBe('Hello');
    expect(receiver.decompress([Buffer.from('f200110000', 'hex')], 100).toString()).toBe('Hello');
  });

  it('resets the context after each message when no_context_takeover was agreed', () => {
    const codec = new DeflateCodec(params({ outboundNoContextTakeover: true }), 0);
    const first = codec.compress(Buffer.from('Hello'))!;
    expect(codec.compress(Buffer.from('Hello'))!.equals(first)).toBe(true);
    const receiver = new DeflateCodec(params({ inboundNoContextTakeover: true }), 0);
    expect(() => receiver.decompress([Buffer.from('f248cdc9c90700', 'hex')], 100)).not.toThrow();
    expect(() => receiver.decompress([Buffer.from('f200110000', 'hex')], 100)).toThrow(ProtocolError);
  });

  it('inflates a message compressed by zlib with a peer-sized window', () => {
    const data = Buffer.from('window bits '.repeat(500));
    const compressed = zlib.deflateRawSync(data, { windowBits: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(new DeflateCodec(params(), 0).decompress([compressed.subarray(0, -4)], 1 << 20).equals(data)).toBe(true);
  });

  it('sends short messages and 8-bit windows uncompressed', () => {
    expect(new DeflateCodec(params(), 1024).compress(Buffer.alloc(1023))).toBeNull();
    expect(new DeflateCodec(params(), 1024).compress(Buffer.alloc(1024))).not.toBeNull();
    expect(new DeflateCodec(params({ outboundMaxWindowBits: 8 }), 0).compress(Buffer.alloc(5000))).toBeNull();
  });

  it('stops a decompression bomb at the limit with 1009', () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(64 << 20), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, -4);
    expect(bomb.length).toBeLessThan(100_000);
    const codec = new DeflateCodec(params(), 0);
    expect(() => codec.decompress([bomb], 1 << 20)).toThrow(expect.objectContaining({ closeCode: 1009, code: 'WS_ERR_MESSAGE_TOO_BIG' }));
  });

  it('fails with 1007 on data that is not deflate', () => {
    const codec = new DeflateCodec(params(), 0);
    expect(() => codec.decompress([Buffer.from('ffffffffffff', 'hex')], 100)).toThrow(expect.objectContaining({ closeCode: 1007 }));
  });
});
