/** Typed arrays that a timeline grows as rows arrive. */
export type Column = Uint8Array | Uint32Array | Float64Array;

/**
 * `column`, or a copy twice as large when `length` would not fit. Doubling keeps the
 * number of copies logarithmic: a million rows cost about twenty, the largest a few ms.
 */
export function withCapacity<T extends Column>(column: T, length: number): T {
  if (length <= column.length) return column;
  const Type = column.constructor as new (size: number) => T;
  const grown = new Type(Math.max(length, column.length * 2, 1024));
  grown.set(column);
  return grown;
}
