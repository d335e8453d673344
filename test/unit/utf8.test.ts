import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Validator } from '../../electron/protocol/utf8';
import { cutAt, hex } from './bytes';

// RFC 6455 §8.1 (with RFC 3629): text must be valid UTF-8, checked as it arrives, failing on the
// first invalid byte even when its code point began in an earlier fragment or read.

/** Push each piece; the index of the first piece refused, or -1, and whether the text ended on a boundary. */
function validate(pieces: Uint8Array[]): { refusedAt: number; complete: boolean } {
  const validator = new Utf8Validator();
  const refusedAt = pieces.findIndex((piece) => !validator.push(piece));
  return { refusedAt, complete: validator.complete };
}

const VALID: Array<[string, string]> = [
  ['empty', ''],
  ['ASCII', 'Hello, world'],
  ['2-byte', 'héllo ñ'],
  ['3-byte', '€ 中文 ✓'],
  ['4-byte', '𝄞 😀'],
  ['mixed', 'a€😀é中\u0000z'],
  ['boundary code points', '\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\u{10000}\u{10ffff}'],
];

describe('RFC 6455 §8.1 valid UTF-8', () => {
  it.each(VALID)('accepts %s text whole, split at every byte, and one byte at a time', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(validate([bytes])).toEqual({ refusedAt: -1, complete: true });
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(validate(cutAt(bytes, [cut])), `split at ${cut}`).toEqual({ refusedAt: -1, complete: true });
    }
    expect(validate(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual({ refusedAt: -1, complete: true });
  });

  it('accepts every 3-piece split of a text full of multi-byte code points', () => {
    const bytes = Buffer.from('€😀é', 'utf8');
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) expect(validate([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]).refusedAt).toBe(-1);
    }
  });

  it('says the text is incomplete while a code point is cut off, and complete once it ends', () => {
    const validator = new Utf8Validator();
    const steps = [hex('41 f0'), hex('9f'), hex('98'), hex('80'), hex('e2 82'), hex('ac 41')];
    const completes = steps.map((piece) => {
      expect(validator.push(piece)).toBe(true);
      return validator.complete;
    });
    expect(completes).toEqual([false, false, false, true, false, true]);
  });
});

/** [name, bytes, index of the first byte that makes the text invalid]. */
const INVALID: Array<[string, string, number]> = [
  ['overlong 2-byte NUL (C0 80)', 'c0 80', 0],
  ['overlong 2-byte (C1 BF)', 'c1 bf', 0],
  ['overlong 3-byte NUL (E0 80 80)', 'e0 80 80', 1],
  ['overlong 3-byte U+07FF (E0 9F BF)', 'e0 9f bf', 1],
  ['overlong 4-byte NUL (F0 80 80 80)', 'f0 80 80 80', 1],
  ['overlong 4-byte U+FFFF (F0 8F BF BF)', 'f0 8f bf bf', 1],
  ['high surrogate U+D800 (ED A0 80)', 'ed a0 80', 1],
  ['low surrogate U+DFFF (ED BF BF)', 'ed bf bf', 1],
  ['above U+10FFFF (F4 90 80 80)', 'f4 90 80 80', 1],
  ['lead F5 (above U+10FFFF)', 'f5 80 80 80', 0],
  ['stray continuation at the start', '80', 0],
  ['stray continuation after ASCII', '41 bf', 1],
  ['continuation after a complete code point', 'c3 a9 a9', 2],
  ['ASCII where a continuation is due (2-byte)', 'c3 41', 1],
  ['ASCII where a continuation is due (3-byte)', 'e2 82 41', 2],
  ['ASCII where a continuation is due (4-byte)', 'f0 9f 98 41', 3],
  ['a new lead where a continuation is due', 'e2 c3 a9', 1],
  ...[0xc0, 0xc1, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff].map(
    (lead): [string, string, number] => [`invalid lead ${lead.toString(16).toUpperCase()}`, lead.toString(16), 0],
  ),
];

describe('RFC 6455 §8.1 invalid UTF-8 fails fast', () => {
  it.each(INVALID)('refuses %s in the piece holding the first bad byte, wherever the text is cut', (_name, fixture, firstBad) => {
    // A valid prefix with a multi-byte code point, so the bad byte never sits at the start of the text.
    const prefix = Buffer.from('ok é ', 'utf8');
    const bytes = Buffer.concat([prefix, hex(fixture), hex('41 42')]);
    const bad = prefix.length + firstBad;
    expect(validate([bytes]).refusedAt).toBe(0);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(validate(cutAt(bytes, [cut])).refusedAt, `split at ${cut}`).toBe(cut <= bad ? 1 : 0);
    }
    expect(validate(Array.from(bytes, (b) => Uint8Array.of(b))).refusedAt, 'one byte at a time').toBe(bad);
  });

  it('refuses a code point whose lead came in an earlier piece (E0 | 80, ED | A0, F4 | 90, F0 9F | 41)', () => {
    for (const [first, second] of [['e0', '80'], ['ed', 'a0'], ['f4', '90'], ['f0 9f', '41']]) {
      const validator = new Utf8Validator();
      expect(validator.push(hex(`61 ${first}`)), first).toBe(true);
      expect(validator.push(hex(second)), `${first} | ${second}`).toBe(false);
    }
  });

  it.each(['c3', 'e2 82', 'f0 9f 98', 'f4 8f bf'])('leaves the text incomplete when it ends in the middle of %s', (tail) => {
    expect(validate([hex(`41 ${tail}`)])).toEqual({ refusedAt: -1, complete: false });
  });

  it('starts a new text from scratch after reset()', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('e2 82'))).toBe(true);
    validator.reset();
    expect(validator.complete).toBe(true);
    expect(validator.push(hex('41'))).toBe(true); // would be refused as a continuation without the reset
    expect(validator.complete).toBe(true);
  });
});

describe('Utf8Validator against a streaming fatal TextDecoder', () => {
  /** The index of the first byte a WHATWG UTF-8 decoder refuses, 'incomplete', or 'valid'. */
  function reference(bytes: Uint8Array): number | 'incomplete' | 'valid' {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i < bytes.length; i++) {
      try {
        decoder.decode(bytes.subarray(i, i + 1), { stream: true });
      } catch {
        return i;
      }
    }
    try {
      decoder.decode();
    } catch {
      return 'incomplete';
    }
    return 'valid';
  }

  // Bytes drawn mostly from the interesting ranges, so that long valid runs and near misses occur.
  const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4));
  const text = fc.oneof(fc.array(byte, { maxLength: 40 }).map((a) => Uint8Array.from(a)), fc.string({ unit: 'binary', maxLength: 20 }).map((s) => Buffer.from(s, 'utf8')));

  it('agrees on where text turns invalid and whether it is complete, in any pieces', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const pieces = cutAt(bytes, cuts.map((c) => c % (bytes.length + 1)));
        const { refusedAt, complete } = validate(pieces);
        const expected = reference(bytes);
        if (typeof expected === 'number') {
          let end = 0;
          const pieceOfBad = pieces.findIndex((piece) => (end += piece.length) > expected);
          expect(refusedAt).toBe(pieceOfBad);
        } else {
          expect({ refusedAt, complete }).toEqual({ refusedAt: -1, complete: expected === 'valid' });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
