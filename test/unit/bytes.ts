/** Byte helpers for the engine's unit tests: hex fixtures and the ways to cut them (STYLE.md §6). */

/** Bytes from hex written with any spacing: `hex('81 05 48 65')`. */
export function hex(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(compact)) throw new Error(`not a hex fixture: "${text}"`);
  return Buffer.from(compact, 'hex');
}

/** Lower-case hex without spaces, the form fixtures are compared in. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** A payload of `length` bytes that never repeats with a period of 4, so masking mistakes show. */
export function patternBytes(length: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + seed + (i >> 8)) & 0xff;
  return bytes;
}

/** Beyond this size a fixture is cut at every point near its edges and at a stride in between. */
const EXHAUSTIVE_LIMIT = 2048;

/** Where to cut `length` bytes in two: every boundary for small inputs, the edges and a stride for big ones. */
export function cutPoints(length: number): number[] {
  if (length <= EXHAUSTIVE_LIMIT) return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
  const points = new Set<number>();
  for (let i = 1; i <= 64; i++) {
    points.add(i);
    points.add(length - i);
  }
  for (let i = 64; i < length - 64; i += 4099) points.add(i);
  return [...points].sort((a, b) => a - b);
}

export interface Chunking {
  label: string;
  pieces: Buffer[];
}

/**
 * The same bytes fed whole, in two pieces at every boundary, and one byte at a time.
 * Every piece is a fresh copy: the engine takes ownership of what it is given and unmasks in place.
 */
export function chunkings(bytes: Uint8Array): Chunking[] {
  const source = Buffer.from(bytes);
  const all: Chunking[] = [{ label: 'whole', pieces: [Buffer.from(source)] }];
  for (const cut of cutPoints(source.length)) {
    all.push({ label: `split at ${cut}`, pieces: [Buffer.from(source.subarray(0, cut)), Buffer.from(source.subarray(cut))] });
  }
  if (source.length > 1) all.push({ label: 'one byte at a time', pieces: Array.from(source, (byte) => Buffer.of(byte)) });
  return all;
}

/** `bytes` cut at the given offsets (sorted, deduplicated, out-of-range ones dropped), each piece a fresh copy. */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets)].filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(Buffer.from(bytes.subarray(start, point)));
    start = point;
  }
  return pieces;
}

/** RFC 6455 §5.3 spelled out byte by byte: the reference the fast masking code is checked against. */
export function referenceMask(bytes: Uint8Array, key: Uint8Array): Buffer {
  return Buffer.from(bytes.map((byte, i) => byte ^ key[i % 4]));
}
