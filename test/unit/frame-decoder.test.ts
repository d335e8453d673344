import { describe, expect, it } from 'vitest';
import { FrameDecoder, type DecoderHooks } from '../../electron/protocol/frame-decoder';
import { ProtocolError } from '../../electron/protocol/errors';
import type { FrameHeader } from '../../shared/frame-record';
import { cutAt, hex, patternBytes, referenceMask, toHex } from './bytes';

// The decoder as a resumable state machine (STYLE.md §1): what it does with bytes it cannot use
// yet, when its hooks run, and what it copies.

const KEY = hex('37 fa 21 3d');

/** A decoder whose hooks record what they see: header fields, and the partial payload bytes in hex. */
function recordingDecoder(onHeader: DecoderHooks['onHeader'] = () => undefined) {
  const headers: FrameHeader[] = [];
  const partials: string[] = [];
  const decoder = new FrameDecoder({
    onHeader: (header) => {
      headers.push({ ...header });
      onHeader(header);
    },
    onPartial: (bytes) => partials.push(toHex(bytes)),
  });
  return { decoder, headers, partials };
}

describe('RFC 6455 §5.2 base framing: a header that lacks bytes', () => {
  it('consumes nothing and calls no hook until the last header byte (masked, 16-bit length)', () => {
    const header = hex('82 fe 01 00 37 fa 21 3d');
    const { decoder, headers } = recordingDecoder();
    header.subarray(0, -1).forEach((byte, i) => {
      decoder.push(Buffer.of(byte));
      expect(decoder.next()).toBeNull();
      expect(decoder.pendingBytes).toBe(i + 1);
    });
    expect(headers).toEqual([]);
    decoder.push(Buffer.from(header.subarray(-1)));
    expect(decoder.next()).toBeNull();
    expect(headers).toEqual([{ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, masked: true, maskKey: KEY, payloadLength: 256, lengthForm: 16 }]);
    expect(decoder.pendingBytes).toBe(0); // the header is consumed, no payload yet
  });

  it('ignores an empty chunk', () => {
    const { decoder } = recordingDecoder();
    decoder.push(Buffer.alloc(0));
    expect(decoder.next()).toBeNull();
    expect(decoder.pendingBytes).toBe(0);
  });
});

describe('decoder hooks: refusing at header time, streaming the payload', () => {
  it('runs onHeader before any payload byte, and lets it refuse the frame', () => {
    const refusal = new ProtocolError('WS_ERR_FRAME_TOO_BIG', 1009, 'too big');
    const { decoder, headers } = recordingDecoder((header) => {
      if (header.payloadLength > 100) throw refusal;
    });
    decoder.push(hex('82 7f 00 00 00 01 00 00 00 00'));
    expect(() => decoder.next()).toThrow(refusal);
    expect(headers.map((h) => h.payloadLength)).toEqual([2 ** 32]);
  });

  it('hands over unmasked payload bytes as they arrive, and reports how many went that way', () => {
    const payload = patternBytes(256);
    const wire = Buffer.concat([hex('82 fe 01 00 37 fa 21 3d'), referenceMask(payload, KEY)]);
    const { decoder, partials } = recordingDecoder();
    const pieces = cutAt(wire, [5, 9, 10, 11, 13, 100, 101, 263]);
    const frames = pieces.map((piece) => {
      decoder.push(piece);
      return decoder.next();
    });
    // Header completes in the second piece; each later piece but the last is streamed.
    expect(partials).toEqual([
      toHex(payload.subarray(0, 1)),
      toHex(payload.subarray(1, 2)),
      toHex(payload.subarray(2, 3)),
      toHex(payload.subarray(3, 5)),
      toHex(payload.subarray(5, 92)),
      toHex(payload.subarray(92, 93)),
      toHex(payload.subarray(93, 255)),
    ]);
    const last = frames.at(-1);
    expect(frames.slice(0, -1).every((f) => f === null)).toBe(true);
    expect(last?.streamed).toBe(255);
    expect(toHex(last?.payload ?? hex(''))).toBe(toHex(payload));
  });

  it('does not stream a payload that arrives with its header', () => {
    const { decoder, partials } = recordingDecoder();
    decoder.push(hex('81 05 48 65 6c 6c 6f 81 01'));
    expect(decoder.next()).toMatchObject({ streamed: 0, payloadLength: 5 });
    expect(decoder.next()).toBeNull(); // the second frame's header is complete, its byte is not here
    expect(partials).toEqual([]);
  });
});

describe('what the decoder copies (STYLE.md §1: bytes are copied only when consumed)', () => {
  it('returns a payload that lies in one chunk as a view of that chunk', () => {
    const chunk = hex('82 03 01 02 03');
    const { decoder } = recordingDecoder();
    decoder.push(chunk);
    const decoded = decoder.next();
    expect(decoded?.payload.buffer).toBe(chunk.buffer);
    expect(decoded?.payload.byteOffset).toBe(chunk.byteOffset + 2);
    expect(decoded?.header.buffer).toBe(chunk.buffer);
  });

  it('unmasks in place: the pushed chunk now holds the clear payload', () => {
    const chunk = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    const { decoder } = recordingDecoder();
    decoder.push(chunk);
    expect(toHex(decoder.next()?.payload ?? hex(''))).toBe('48656c6c6f');
    expect(toHex(chunk)).toBe('818537fa213d48656c6c6f');
  });

  it('copies a header that spans chunks, leaving the chunks as they were', () => {
    const first = hex('81 85 37');
    const second = hex('fa 21 3d 7f 9f 4d 51 58');
    const { decoder } = recordingDecoder();
    decoder.push(first);
    decoder.push(second);
    const decoded = decoder.next();
    expect(toHex(first)).toBe('818537');
    first.fill(0); // the header is a copy: overwriting the first chunk does not reach it
    expect(toHex(decoded?.header ?? hex(''))).toBe('818537fa213d');
    expect(toHex(decoded?.maskKey ?? hex(''))).toBe('37fa213d');
  });
});
