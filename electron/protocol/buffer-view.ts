type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

/** The class Node makes every Buffer from (`Buffer[Symbol.species]`); ws builds its views the same way. */
const species = (Buffer as unknown as { [Symbol.species]?: ViewConstructor })[Symbol.species];
const makeView: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer =
  typeof species === 'function' && Buffer.isBuffer(new species(new ArrayBuffer(4), 1, 2))
    ? (buffer, byteOffset, length) => new species(buffer, byteOffset, length)
    : (buffer, byteOffset, length) => Buffer.from(buffer, byteOffset, length);

/**
 * `bytes.subarray(start, end)` as a Buffer sharing the same memory, for arguments already
 * known to be in range (0 <= start <= end <= bytes.length). It skips subarray's argument
 * normalisation, which costs more than the view itself where views are made several times
 * a frame (the frame decoder).
 */
export function bufferView(bytes: Uint8Array, start: number, end: number): Buffer {
  return makeView(bytes.buffer, bytes.byteOffset + start, end - start);
}
