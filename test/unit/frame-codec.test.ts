import { describe, expect, it } from 'vitest';
import { FrameDecoder, type DecodedFrame } from '../../electron/protocol/frame-decoder';
import { encodeFrame, encodeHeader, type FrameSpec } from '../../electron/protocol/frame-encoder';
import type { LengthForm } from '../../shared/frame-record';
import { chunkings, hex, patternBytes, referenceMask, toHex } from './bytes';

// Byte tables for the frame codec, one describe per RFC 6455 section. Every decoder fixture is
// fed whole, split in two at every boundary, and one byte at a time, with identical results.

const KEY = hex('37 fa 21 3d'); // the masking key of the §5.7 examples
const HELLO = '48 65 6c 6c 6f';

/** Every header field as decoded, with the header, key and unmasked payload in hex. */
interface FrameView {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: string | null;
  payloadLength: number;
  lengthForm: LengthForm;
  header: string;
  payload: string;
}

function view(frame: DecodedFrame): FrameView {
  const { fin, rsv1, rsv2, rsv3, opcode, masked, payloadLength, lengthForm } = frame;
  const maskKey = frame.maskKey ? toHex(frame.maskKey) : null;
  return { fin, rsv1, rsv2, rsv3, opcode, masked, maskKey, payloadLength, lengthForm, header: toHex(frame.header), payload: toHex(frame.payload) };
}

/** What a fixture must decode to; unstated fields are those of an unmasked final frame with a 7-bit length. */
function frame(opcode: number, header: string, payload: Uint8Array | string, fields: Partial<FrameView> = {}): FrameView {
  const bytes = typeof payload === 'string' ? hex(payload) : payload;
  const base = { fin: true, rsv1: false, rsv2: false, rsv3: false, masked: false, maskKey: null, lengthForm: 7 as LengthForm };
  return { ...base, opcode, payloadLength: bytes.length, header: toHex(hex(header)), payload: toHex(bytes), ...fields };
}

const masked = (fields: Partial<FrameView> = {}): Partial<FrameView> => ({ masked: true, maskKey: toHex(KEY), ...fields });

function decodePieces(pieces: Buffer[]): { frames: FrameView[]; pending: number } {
  const decoder = new FrameDecoder({ onHeader: () => undefined, onPartial: () => undefined });
  const frames: FrameView[] = [];
  for (const piece of pieces) {
    decoder.push(piece);
    for (let next = decoder.next(); next !== null; next = decoder.next()) frames.push(view(next));
  }
  return { frames, pending: decoder.pendingBytes };
}

function expectDecodes(wire: Uint8Array, expected: FrameView[]): void {
  for (const { label, pieces } of chunkings(wire)) expect(decodePieces(pieces), label).toEqual({ frames: expected, pending: 0 });
}

/** An encoded frame as [header hex, wire payload hex]. */
function encoded(spec: FrameSpec): [string, string] {
  const [header, payload] = encodeFrame(spec);
  return [toHex(header), toHex(payload)];
}

const bin256 = patternBytes(256);
const bin64k = patternBytes(65536);

describe('RFC 6455 §5.7 examples', () => {
  const examples: Array<[string, Buffer, FrameView[]]> = [
    ['a single-frame unmasked text message', hex(`81 05 ${HELLO}`), [frame(1, '81 05', HELLO)]],
    ['a single-frame masked text message', hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), [frame(1, '81 85 37 fa 21 3d', HELLO, masked())]],
    ['a fragmented unmasked text message', hex('01 03 48 65 6c  80 02 6c 6f'), [frame(1, '01 03', '48 65 6c', { fin: false }), frame(0, '80 02', '6c 6f')]],
    ['an unmasked ping', hex(`89 05 ${HELLO}`), [frame(9, '89 05', HELLO)]],
    ['a masked pong', hex('8a 85 37 fa 21 3d 7f 9f 4d 51 58'), [frame(10, '8a 85 37 fa 21 3d', HELLO, masked())]],
    ['256 bytes binary in a single unmasked frame', Buffer.concat([hex('82 7e 01 00'), bin256]), [frame(2, '82 7e 01 00', bin256, { lengthForm: 16 })]],
    ['64KiB binary in a single unmasked frame', Buffer.concat([hex('82 7f 00 00 00 00 00 01 00 00'), bin64k]), [frame(2, '82 7f 00 00 00 00 00 01 00 00', bin64k, { lengthForm: 64 })]],
  ];

  it.each(examples)('decodes %s, however it is cut', (_name, wire, frames) => expectDecodes(wire, frames));

  it('encodes each example to the RFC bytes', () => {
    expect(encoded({ opcode: 1, payload: hex(HELLO) })).toEqual(['8105', '48656c6c6f']);
    expect(encoded({ opcode: 1, payload: hex(HELLO), maskKey: KEY })).toEqual(['818537fa213d', '7f9f4d5158']);
    expect(encoded({ opcode: 1, payload: hex('48 65 6c'), fin: false })).toEqual(['0103', '48656c']);
    expect(encoded({ opcode: 0, payload: hex('6c 6f') })).toEqual(['8002', '6c6f']);
    expect(encoded({ opcode: 9, payload: hex(HELLO) })).toEqual(['8905', '48656c6c6f']);
    expect(encoded({ opcode: 10, payload: hex(HELLO), maskKey: KEY })).toEqual(['8a8537fa213d', '7f9f4d5158']);
    expect(encoded({ opcode: 2, payload: bin256 })).toEqual(['827e0100', toHex(bin256)]);
    expect(encodeHeader({ opcode: 2, payload: bin64k })).toEqual(hex('82 7f 00 00 00 00 00 01 00 00'));
  });
});

describe('RFC 6455 §5.2 base framing: decoding', () => {
  const lengths: Array<[number, string, LengthForm]> = [
    [0, '82 00', 7],
    [125, '82 7d', 7],
    [126, '82 7e 00 7e', 16],
    [127, '82 7e 00 7f', 16],
    [65535, '82 7e ff ff', 16],
    [65536, '82 7f 00 00 00 00 00 01 00 00', 64],
  ];
  it.each(lengths)('reads a %i-byte payload from header %s', (length, header, lengthForm) => {
    const payload = patternBytes(length, 3);
    expectDecodes(Buffer.concat([hex(header), payload]), [frame(2, header, payload, { lengthForm })]);
  });

  const nonMinimal: Array<[string, string, LengthForm, string]> = [
    ['5 bytes in the 16-bit form', '81 7e 00 05', 16, HELLO],
    ['5 bytes in the 64-bit form', '81 7f 00 00 00 00 00 00 00 05', 64, HELLO],
    ['0 bytes in the 16-bit form', '82 7e 00 00', 16, ''],
    ['0 bytes in the 64-bit form', '82 7f 00 00 00 00 00 00 00 00', 64, ''],
  ];
  it.each(nonMinimal)('keeps a non-minimal length form: %s', (_name, header, lengthForm, payload) => {
    expectDecodes(hex(`${header} ${payload}`), [frame(payload === '' ? 2 : 1, header, payload, { lengthForm })]);
  });

  const flags: Array<[string, string, Partial<FrameView>]> = [
    ['RSV1', 'c1 00', { rsv1: true }],
    ['RSV2', 'a1 00', { rsv2: true }],
    ['RSV3', '91 00', { rsv3: true }],
    ['RSV1-3', 'f1 00', { rsv1: true, rsv2: true, rsv3: true }],
    ['RSV1-3 without FIN', '71 00', { fin: false, rsv1: true, rsv2: true, rsv3: true }],
  ];
  it.each(flags)('keeps %s as sent (%s)', (_name, wire, fields) => expectDecodes(hex(wire), [frame(1, wire, '', fields)]));

  it.each(Array.from({ length: 16 }, (_, opcode) => opcode))('keeps opcode %i, reserved or not', (opcode) => {
    const header = toHex(Uint8Array.of(0x80 | opcode, 0x01));
    expectDecodes(hex(`${header} 2a`), [frame(opcode, header, '2a')]);
    expectDecodes(hex(`${toHex(Uint8Array.of(opcode))} 00`), [frame(opcode, toHex(Uint8Array.of(opcode, 0)), '', { fin: false })]);
  });

  it('decodes back-to-back frames of every length form from one stream', () => {
    const wire = hex(`81 05 ${HELLO}  89 80 37 fa 21 3d  82 7e 00 02 01 02  80 7f 00 00 00 00 00 00 00 01 ff`);
    expectDecodes(wire, [
      frame(1, '81 05', HELLO),
      frame(9, '89 80 37 fa 21 3d', '', masked()),
      frame(2, '82 7e 00 02', '01 02', { lengthForm: 16 }),
      frame(0, '80 7f 00 00 00 00 00 00 00 01', 'ff', { lengthForm: 64 }),
    ]);
  });

  const topBit: Array<[string, string]> = [
    ['unmasked, 2^63', '82 7f 80 00 00 00 00 00 00 00'],
    ['unmasked, 2^64 - 1', '82 7f ff ff ff ff ff ff ff ff'],
    ['masked, 2^63 + 5', '82 ff 80 00 00 00 00 00 00 05 37 fa 21 3d'],
  ];
  it.each(topBit)('refuses a 64-bit length with its top bit set (%s) once the header is complete', (_name, wire) => {
    const bytes = hex(wire);
    const decoder = new FrameDecoder({ onHeader: () => undefined, onPartial: () => undefined });
    for (const byte of bytes.subarray(0, -1)) {
      decoder.push(Buffer.of(byte));
      expect(decoder.next()).toBeNull();
    }
    decoder.push(Buffer.from(bytes.subarray(-1)));
    expect(() => decoder.next()).toThrow(expect.objectContaining({ name: 'ProtocolError', code: 'WS_ERR_LENGTH_TOP_BIT', closeCode: 1002 }));
  });

  it('refuses a length above 2^53 - 1 as too big (1009) and accepts 2^53 - 1 itself', () => {
    const tooBig = new FrameDecoder({ onHeader: () => undefined, onPartial: () => undefined });
    tooBig.push(hex('82 7f 00 20 00 00 00 00 00 00'));
    expect(() => tooBig.next()).toThrow(expect.objectContaining({ code: 'WS_ERR_FRAME_TOO_BIG', closeCode: 1009 }));

    const lengths: number[] = [];
    const largest = new FrameDecoder({ onHeader: (h) => lengths.push(h.payloadLength), onPartial: () => undefined });
    largest.push(hex('82 7f 00 1f ff ff ff ff ff ff 01 02'));
    expect(largest.next()).toBeNull();
    expect(lengths).toEqual([Number.MAX_SAFE_INTEGER]);
  });
});

describe('RFC 6455 §5.2 base framing: encoding', () => {
  it.each([0, 125, 126, 127, 65535, 65536])('writes a %i-byte payload in its minimal length form', (length) => {
    const expected: Record<number, string> = {
      0: '8200',
      125: '827d',
      126: '827e007e',
      127: '827e007f',
      65535: '827effff',
      65536: '827f0000000000010000',
    };
    const payload = patternBytes(length);
    const [header, wirePayload] = encodeFrame({ opcode: 2, payload });
    expect(toHex(header)).toBe(expected[length]);
    expect(wirePayload).toBe(payload); // unmasked: the caller's own bytes, not a copy
  });

  const specs: Array<[string, FrameSpec, string]> = [
    ['5 bytes in the 16-bit form', { opcode: 1, payload: hex(HELLO), lengthForm: 16 }, '817e0005'],
    ['5 bytes in the 64-bit form', { opcode: 1, payload: hex(HELLO), lengthForm: 64 }, '817f0000000000000005'],
    ['0 bytes in the 64-bit form', { opcode: 2, payload: hex(''), lengthForm: 64 }, '827f0000000000000000'],
    ['a declared length above the payload', { opcode: 2, payload: hex('61 62'), declaredLength: 10 }, '820a'],
    ['a declared length below the payload', { opcode: 2, payload: hex('61 62'), declaredLength: 0 }, '8200'],
    ['a declared 126 that needs the 16-bit form', { opcode: 2, payload: hex('61 62'), declaredLength: 126 }, '827e007e'],
    ['a declared 2^63 (top bit set)', { opcode: 2, payload: hex('61 62'), declaredLength: 2n ** 63n, lengthForm: 64 }, '827f8000000000000000'],
    ['a declared 2^64 - 1', { opcode: 2, payload: hex('61 62'), declaredLength: 2n ** 64n - 1n }, '827fffffffffffffffff'],
    ['FIN cleared', { opcode: 1, payload: hex('61 62'), fin: false }, '0102'],
    ['RSV1', { opcode: 1, payload: hex('61 62'), rsv1: true }, 'c102'],
    ['RSV2', { opcode: 1, payload: hex('61 62'), rsv2: true }, 'a102'],
    ['RSV3', { opcode: 1, payload: hex('61 62'), rsv3: true }, '9102'],
    ['RSV1-3 without FIN', { opcode: 1, payload: hex('61 62'), fin: false, rsv1: true, rsv2: true, rsv3: true }, '7102'],
  ];
  it.each(specs)('writes %s exactly as asked', (_name, spec, header) => {
    expect(encoded(spec)).toEqual([header, toHex(spec.payload)]);
  });

  it.each(Array.from({ length: 16 }, (_, opcode) => opcode))('writes opcode %i into the low nibble of byte 0', (opcode) => {
    expect(encodeHeader({ opcode, payload: hex('') })).toEqual(Buffer.of(0x80 | opcode, 0x00));
    expect(encodeHeader({ opcode, payload: hex(''), fin: false })).toEqual(Buffer.of(opcode, 0x00));
  });

  const refused: Array<[string, FrameSpec]> = [
    ['126 bytes in the 7-bit form', { opcode: 2, payload: patternBytes(126), lengthForm: 7 }],
    ['65536 bytes in the 16-bit form', { opcode: 2, payload: patternBytes(65536), lengthForm: 16 }],
    ['a negative declared length', { opcode: 2, payload: hex(''), declaredLength: -1 }],
    ['a declared length of 2^64', { opcode: 2, payload: hex(''), declaredLength: 2n ** 64n }],
    ['opcode 16', { opcode: 16, payload: hex('') }],
    ['opcode -1', { opcode: -1, payload: hex('') }],
    ['opcode 1.5', { opcode: 1.5, payload: hex('') }],
    ['a 3-byte masking key', { opcode: 1, payload: hex(''), maskKey: hex('01 02 03') }],
    ['a 5-byte masking key', { opcode: 1, payload: hex(''), maskKey: hex('01 02 03 04 05') }],
  ];
  it.each(refused)('refuses %s with a RangeError', (_name, spec) => {
    expect(() => encodeFrame(spec)).toThrow(RangeError);
  });
});

describe('RFC 6455 §5.3 client-to-server masking', () => {
  it('masks a copy of the payload and leaves the caller’s bytes alone', () => {
    const payload = hex(HELLO);
    const [header, wirePayload] = encodeFrame({ opcode: 1, payload, maskKey: KEY });
    expect([toHex(header), toHex(wirePayload)]).toEqual(['818537fa213d', '7f9f4d5158']);
    expect(toHex(payload)).toBe('48656c6c6f');
  });

  it('writes the key after a 16-bit and a 64-bit length, and masks across word boundaries', () => {
    const [h16, p16] = encodeFrame({ opcode: 2, payload: bin256, maskKey: KEY });
    expect([toHex(h16), toHex(p16)]).toEqual(['82fe010037fa213d', toHex(referenceMask(bin256, KEY))]);
    const [h64, p64] = encodeFrame({ opcode: 1, payload: hex(HELLO), maskKey: KEY, lengthForm: 64 });
    expect([toHex(h64), toHex(p64)]).toEqual(['81ff000000000000000537fa213d', '7f9f4d5158']);
  });

  it('accepts a masking key that is an unaligned view into a bigger buffer', () => {
    const backing = hex('ff 37 fa 21 3d ff');
    expect(encoded({ opcode: 1, payload: hex(HELLO), maskKey: backing.subarray(1, 5) })).toEqual(['818537fa213d', '7f9f4d5158']);
  });

  const fixtures: Array<[string, Buffer, FrameView[]]> = [
    ['an empty masked ping', hex('89 80 37 fa 21 3d'), [frame(9, '89 80 37 fa 21 3d', '', masked())]],
    ['256 masked bytes with a 16-bit length', Buffer.concat([hex('82 fe 01 00 37 fa 21 3d'), referenceMask(bin256, KEY)]), [frame(2, '82 fe 01 00 37 fa 21 3d', bin256, masked({ lengthForm: 16 }))]],
    ['5 masked bytes with a non-minimal 64-bit length', hex('81 ff 00 00 00 00 00 00 00 05 37 fa 21 3d 7f 9f 4d 51 58'), [frame(1, '81 ff 00 00 00 00 00 00 00 05 37 fa 21 3d', HELLO, masked({ lengthForm: 64 }))]],
  ];
  it.each(fixtures)('unmasks %s at every offset, however it is cut', (_name, wire, frames) => expectDecodes(wire, frames));
});

describe('RFC 6455 §5.4 fragmentation', () => {
  it('decodes the fragments of a message with a control frame injected between them', () => {
    const wire = hex('02 02 01 02  89 00  00 01 03  8a 01 2a  80 02 04 05');
    expectDecodes(wire, [
      frame(2, '02 02', '01 02', { fin: false }),
      frame(9, '89 00', ''),
      frame(0, '00 01', '03', { fin: false }),
      frame(10, '8a 01', '2a'),
      frame(0, '80 02', '04 05'),
    ]);
  });

  it('decodes masked fragments, each with its own key', () => {
    const wire = hex('01 83 37 fa 21 3d 7f 9f 4d  80 82 01 02 03 04 6d 6d');
    expectDecodes(wire, [frame(1, '01 83 37 fa 21 3d', '48 65 6c', masked({ fin: false })), frame(0, '80 82 01 02 03 04', '6c 6f', { masked: true, maskKey: '01020304' })]);
  });
});

describe('RFC 6455 §5.5 control frames', () => {
  const fixtures: Array<[string, Buffer, FrameView[]]> = [
    ['a Close with no body', hex('88 00'), [frame(8, '88 00', '')]],
    ['a Close with code 1000', hex('88 02 03 e8'), [frame(8, '88 02', '03 e8')]],
    ['a Close with code 1001 and a reason', hex('88 05 03 e9 62 79 65'), [frame(8, '88 05', '03 e9 62 79 65')]],
    ['a masked Close with code 1000', hex('88 82 37 fa 21 3d 34 12'), [frame(8, '88 82 37 fa 21 3d', '03 e8', masked())]],
    ['a ping with 125 bytes', Buffer.concat([hex('89 7d'), patternBytes(125)]), [frame(9, '89 7d', patternBytes(125))]],
    // The decoder reports what is on the wire; refusing these is the connection's job (§5.5).
    ['a fragmented ping', hex('09 00'), [frame(9, '09 00', '', { fin: false })]],
    ['a ping declaring 126 bytes', Buffer.concat([hex('89 7e 00 7e'), patternBytes(126)]), [frame(9, '89 7e 00 7e', patternBytes(126), { lengthForm: 16 })]],
  ];
  it.each(fixtures)('decodes %s, however it is cut', (_name, wire, frames) => expectDecodes(wire, frames));

  it('encodes Close, Ping and Pong frames', () => {
    expect(encoded({ opcode: 8, payload: hex('03 e8') })).toEqual(['8802', '03e8']);
    expect(encoded({ opcode: 8, payload: hex('03 e8'), maskKey: KEY })).toEqual(['888237fa213d', '3412']);
    expect(encoded({ opcode: 9, payload: hex('') })).toEqual(['8900', '']);
    expect(encoded({ opcode: 10, payload: hex('2a'), maskKey: KEY })).toEqual(['8a8137fa213d', '1d']);
  });
});
