/**
 * RFC 6455 §5.3 masking: byte i of the payload is XORed with byte i mod 4 of the key.
 *
 * Hot path of every frame a client sends and a server receives, so it is written for V8:
 * short payloads go through a byte loop unrolled by eight (no allocation at all); longer
 * ones through a 32-bit view over their aligned middle, unrolled by four words. Only one
 * typed-array view is created per call, and only past WORD_THRESHOLD bytes, where its
 * cost is amortised. The key is read once into four locals, never indexed per byte.
 */

/** Below this many bytes the unrolled byte loop beats creating a 32-bit view. */
const WORD_THRESHOLD = 128;

/** How a 32-bit view reads four bytes; the key word must be packed the same way. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * XOR the payload with the 4-byte masking key, in place. Key byte 0 lines up with
 * `data[offset]`; bytes outside `[offset, offset + length)` are untouched.
 */
export function applyMask(data: Uint8Array, key: Uint8Array, offset = 0, length = data.length - offset): void {
  maskRange(data, key[0], key[1], key[2], key[3], offset, offset + length);
}

/**
 * Copy `source` into `target` at `targetOffset`, masked with `key` (key byte 0 on the
 * first byte). `target` must have room for `source.length` bytes from there.
 */
export function maskInto(source: Uint8Array, key: Uint8Array, target: Uint8Array, targetOffset: number): void {
  const length = source.length;
  if (length >= WORD_THRESHOLD) {
    // A native copy, then the word loop in place.
    target.set(source, targetOffset);
    maskRange(target, key[0], key[1], key[2], key[3], targetOffset, targetOffset + length);
    return;
  }
  // Short: one pass that reads, XORs and writes, cheaper than calling into the native copy.
  const k0 = key[0];
  const k1 = key[1];
  const k2 = key[2];
  const k3 = key[3];
  let i = 0;
  let j = targetOffset;
  for (const stop = length - 3; i < stop; i += 4, j += 4) {
    target[j] = source[i] ^ k0;
    target[j + 1] = source[i + 1] ^ k1;
    target[j + 2] = source[i + 2] ^ k2;
    target[j + 3] = source[i + 3] ^ k3;
  }
  if (i < length) {
    target[j] = source[i] ^ k0;
    if (++i < length) {
      target[j + 1] = source[i] ^ k1;
      if (++i < length) target[j + 2] = source[i] ^ k2;
    }
  }
}

/** A masked copy of `data`, leaving the original untouched. */
export function maskedCopy(data: Uint8Array, key: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafe(data.length);
  maskInto(data, key, copy, 0);
  return copy;
}

/** XOR `data[i..end)` with the key bytes k0..k3, k0 on `data[i]`. */
function maskRange(data: Uint8Array, k0: number, k1: number, k2: number, k3: number, i: number, end: number): void {
  if (end - i >= WORD_THRESHOLD) {
    // Bytes up to the first 4-byte-aligned address, rotating the key as we go.
    const misalign = (data.byteOffset + i) & 3;
    if (misalign !== 0) {
      for (let k = misalign; k < 4; k++, i++) {
        data[i] ^= k0;
        const first = k0;
        k0 = k1;
        k1 = k2;
        k2 = k3;
        k3 = first;
      }
    }
    const words = (end - i) >>> 2;
    const keyWord = LITTLE_ENDIAN ? k0 | (k1 << 8) | (k2 << 16) | (k3 << 24) : (k0 << 24) | (k1 << 16) | (k2 << 8) | k3;
    const view = new Int32Array(data.buffer, data.byteOffset + i, words);
    let w = 0;
    for (const stop = words - 3; w < stop; w += 4) {
      view[w] ^= keyWord;
      view[w + 1] ^= keyWord;
      view[w + 2] ^= keyWord;
      view[w + 3] ^= keyWord;
    }
    for (; w < words; w++) view[w] ^= keyWord;
    i += words * 4;
    // A whole number of words went by, so the key phase is k0 again for the tail.
  }
  for (const stop = end - 7; i < stop; i += 8) {
    data[i] ^= k0;
    data[i + 1] ^= k1;
    data[i + 2] ^= k2;
    data[i + 3] ^= k3;
    data[i + 4] ^= k0;
    data[i + 5] ^= k1;
    data[i + 6] ^= k2;
    data[i + 7] ^= k3;
  }
  if (end - i >= 4) {
    data[i] ^= k0;
    data[i + 1] ^= k1;
    data[i + 2] ^= k2;
    data[i + 3] ^= k3;
    i += 4;
  }
  if (i < end) {
    data[i] ^= k0;
    if (++i < end) {
      data[i] ^= k1;
      if (++i < end) data[i] ^= k2;
    }
  }
}
