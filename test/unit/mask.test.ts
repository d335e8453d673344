import { describe, expect, it } from 'vitest';
import { applyMask, maskedCopy, maskInto } from '../../electron/protocol/mask';
import { randomMaskKey } from '../../electron/protocol/mask-source';
import { hex, patternBytes, referenceMask, toHex } from './bytes';

// RFC 6455 §5.3: the word-at-a-time masking code against a byte-by-byte reference, at every
// alignment a Buffer can have, with guard bytes on both sides to catch stray writes.

const KEY = hex('37 fa 21 3d');
const GUARD = 0xa5;
const KEY_VIEW_BACKING = hex('00 37 fa 21 3d 00');

describe('RFC 6455 §5.3 applyMask', () => {
  it('masks the §5.7 example', () => {
    const data = hex('48 65 6c 6c 6f');
    applyMask(data, KEY);
    expect(toHex(data)).toBe('7f9f4d5158');
  });

  // 0..70 covers the byte loop; 120..270 crosses into the 32-bit word path (128 bytes and up today)
  // with every remainder of its unrolled loop.
  const LENGTHS = [...Array.from({ length: 71 }, (_, i) => i), ...Array.from({ length: 151 }, (_, i) => 120 + i)];

  it('matches the byte-by-byte reference for byteOffset 0..7 and lengths 0..70 and 120..270, touching nothing else', () => {
    for (let byteOffset = 0; byteOffset < 8; byteOffset++) {
      for (const length of LENGTHS) {
        const backing = new Uint8Array(byteOffset + length + 8).fill(GUARD);
        const data = new Uint8Array(backing.buffer, byteOffset, length);
        data.set(patternBytes(length, byteOffset));
        const expected = referenceMask(data, KEY);
        applyMask(data, KEY);
        const label = `byteOffset ${byteOffset}, length ${length}`;
        expect(toHex(data), label).toBe(toHex(expected));
        expect(Array.from(backing.subarray(0, byteOffset)), label).toEqual(Array(byteOffset).fill(GUARD));
        expect(Array.from(backing.subarray(byteOffset + length)), label).toEqual(Array(8).fill(GUARD));
      }
    }
  });

  it('masks a sub-range with the key counted from its start (offset 0..7), leaving the rest alone', () => {
    const source = patternBytes(300);
    for (let offset = 0; offset < 8; offset++) {
      for (const length of [23, 200]) {
        const data = Buffer.from(source);
        applyMask(data, KEY, offset, length);
        const expected = Buffer.concat([source.subarray(0, offset), referenceMask(source.subarray(offset, offset + length), KEY), source.subarray(offset + length)]);
        expect(toHex(data), `offset ${offset}, length ${length}`).toBe(toHex(expected));
      }
    }
  });

  it('masks a large buffer at an odd offset like the reference', () => {
    const backing = Buffer.alloc(1024 * 1024 + 8, GUARD);
    const data = backing.subarray(3, 3 + 1024 * 1024 + 1);
    data.set(patternBytes(data.length, 11));
    const expected = referenceMask(data, KEY);
    applyMask(data, KEY);
    expect(data.equals(expected)).toBe(true);
    expect([backing[2], backing[backing.length - 4]]).toEqual([GUARD, GUARD]);
  });

  it('undoes itself: masking twice gives the original bytes back', () => {
    const data = patternBytes(37);
    applyMask(data, KEY);
    expect(data.equals(patternBytes(37))).toBe(false);
    applyMask(data, KEY);
    expect(data.equals(patternBytes(37))).toBe(true);
  });

  it('uses a key that is itself an unaligned view', () => {
    for (const length of [19, 301]) {
      const data = patternBytes(length);
      applyMask(data, KEY_VIEW_BACKING.subarray(1, 5));
      expect(toHex(data), `length ${length}`).toBe(toHex(referenceMask(patternBytes(length), KEY)));
    }
  });
});

describe('RFC 6455 §5.3 maskedCopy', () => {
  it('returns masked bytes and leaves its input untouched', () => {
    for (const length of [0, 1, 3, 4, 5, 64, 127, 128, 131, 1000]) {
      const input = patternBytes(length);
      const copy = maskedCopy(input, KEY);
      expect(toHex(copy), `length ${length}`).toBe(toHex(referenceMask(patternBytes(length), KEY)));
      expect(toHex(input), `length ${length}`).toBe(toHex(patternBytes(length)));
    }
  });

  it('copies from an unaligned view into a buffer of its own', () => {
    const backing = patternBytes(64);
    const input = backing.subarray(5, 50);
    const copy = maskedCopy(input, KEY);
    expect(copy.buffer).not.toBe(backing.buffer);
    expect(toHex(copy)).toBe(toHex(referenceMask(patternBytes(64).subarray(5, 50), KEY)));
    expect(backing.equals(patternBytes(64))).toBe(true);
  });
});

describe('RFC 6455 §5.3 maskInto', () => {
  it('writes the masked bytes at the target offset, key byte 0 on the first, and touches nothing else', () => {
    for (const length of [5, 130]) {
      for (let targetOffset = 0; targetOffset < 8; targetOffset++) {
        const source = patternBytes(length, 1);
        const target = Buffer.alloc(targetOffset + length + 4, GUARD);
        maskInto(source, KEY, target, targetOffset);
        const expected = Buffer.concat([Buffer.alloc(targetOffset, GUARD), referenceMask(source, KEY), Buffer.alloc(4, GUARD)]);
        expect(toHex(target), `length ${length}, offset ${targetOffset}`).toBe(toHex(expected));
        expect(source.equals(patternBytes(length, 1))).toBe(true);
      }
    }
  });
});

describe('RFC 6455 §5.3 masking keys', () => {
  it('hands out 4-byte keys that stay as they were when the pool behind them refills', () => {
    const first = randomMaskKey();
    const kept = toHex(first);
    // The pool holds 2048 keys; drawing past it must not overwrite a key already handed out.
    const later = Array.from({ length: 2100 }, () => randomMaskKey());
    expect(toHex(first)).toBe(kept);
    expect(later.every((key) => key.length === 4)).toBe(true);
    expect(new Set(later.map(toHex)).size).toBeGreaterThan(2000); // 32 random bits: collisions are rare
  });
});
