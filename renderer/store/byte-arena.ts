/** Bytes per chunk: large enough to hold many payload previews, small enough to release one at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Where a timeline keeps the payload bytes it holds: one append-only run of fixed-size
 * chunks instead of an object per frame, so a million previews cost their bytes and no
 * more. Past `budgetBytes` the oldest chunk is released; a position before
 * `firstHeld` no longer has its bytes (the main process may still have them).
 */
export class ByteArena {
  private chunks: (Uint8Array | null)[] = [];
  private used = CHUNK_BYTES;
  /** Every position below this one was released. */
  firstHeld = 0;

  constructor(private readonly budgetBytes: number) {}

  /** Copy the bytes of a binary string (one byte per char, as atob returns) and return their position. */
  appendBinary(binary: string, length: number): number {
    const chunk = this.room(length);
    const start = this.used;
    for (let i = 0; i < length; i++) chunk[start + i] = binary.charCodeAt(i);
    this.used += length;
    return (this.chunks.length - 1) * CHUNK_BYTES + start;
  }

  /** The bytes at `position`, without copying; empty when they were released. */
  view(position: number, length: number): Uint8Array {
    if (position < this.firstHeld || length === 0) return EMPTY;
    const chunk = this.chunks[Math.floor(position / CHUNK_BYTES)];
    if (!chunk) return EMPTY;
    const start = position % CHUNK_BYTES;
    return chunk.subarray(start, start + length);
  }

  held(position: number): boolean {
    return position >= this.firstHeld;
  }

  private room(length: number): Uint8Array {
    if (length > CHUNK_BYTES) throw new Error(`a preview of ${length} bytes does not fit a ${CHUNK_BYTES}-byte chunk`);
    if (this.used + length > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.used = 0;
      this.releaseOverBudget();
    }
    return this.chunks[this.chunks.length - 1] as Uint8Array;
  }

  private releaseOverBudget(): void {
    const live = this.chunks.length - Math.floor(this.firstHeld / CHUNK_BYTES);
    if (live * CHUNK_BYTES <= this.budgetBytes) return;
    const oldest = Math.floor(this.firstHeld / CHUNK_BYTES);
    this.chunks[oldest] = null;
    this.firstHeld = (oldest + 1) * CHUNK_BYTES;
  }
}

const EMPTY = new Uint8Array(0);
