/**
 * RFC 6455 §5.3: XOR the payload with the 4-byte masking key, in place.
 * Works on 32-bit words over the aligned middle of the buffer, bytes only at the edges.
 */
export function applyMask(data: Uint8Array, key: Uint8Array, offset = 0, length = data.length - offset): void {
  const end = offset + length;
  let i = offset;
  // Bytes up to the first 4-byte-aligned address.
  const misalign = (data.byteOffset + i) & 3;
  const head = Math.min(misalign === 0 ? 0 : 4 - misalign, length);
  for (let k = 0; k < head; k++, i++) data[i] ^= key[(i - offset) & 3];

  const words = (end - i) >>> 2;
  if (words > 0) {
    // The key rotated so that its byte (i - offset) & 3 lands at the start of each word.
    const r = (i - offset) & 3;
    const rotated = new Uint8Array([key[r], key[(r + 1) & 3], key[(r + 2) & 3], key[(r + 3) & 3]]);
    const keyWord = new Uint32Array(rotated.buffer)[0];
    const view = new Uint32Array(data.buffer, data.byteOffset + i, words);
    for (let w = 0; w < words; w++) view[w] ^= keyWord;
    i += words * 4;
  }
  for (; i < end; i++) data[i] ^= key[(i - offset) & 3];
}

/** A masked copy of `data`, leaving the original untouched. */
export function maskedCopy(data: Uint8Array, key: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafe(data.length);
  copy.set(data);
  applyMask(copy, key);
  return copy;
}
