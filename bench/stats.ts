/** Timing helpers: warm up, then interleave the two contenders and keep the median. */

export function now(): number {
  return performance.now();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Collect garbage between samples when node runs with --expose-gc, so one side does not pay for the other's garbage. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface Pair {
  ours: number;
  ws: number;
}

/**
 * Run `samples` rounds of both sides, alternating which goes first, and return the
 * median of each. `run` returns a measurement (ms or MB/s).
 */
export async function interleave(samples: number, run: (side: keyof Pair) => number | Promise<number>): Promise<Pair> {
  const ours: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < samples; i++) {
    const order: (keyof Pair)[] = i % 2 === 0 ? ['ours', 'ws'] : ['ws', 'ours'];
    for (const side of order) {
      settle();
      const value = await run(side);
      (side === 'ours' ? ours : ws).push(value);
    }
  }
  return { ours: median(ours), ws: median(ws) };
}

/**
 * How many repetitions of `once` fill about `targetMs`: doubles from 1 until a run
 * takes long enough, never beyond `max`.
 */
export function calibrate(once: (reps: number) => void, targetMs: number, max: number): number {
  let reps = 1;
  for (;;) {
    const start = now();
    once(reps);
    const elapsed = now() - start;
    if (elapsed >= targetMs / 4 || reps >= max) return Math.min(max, Math.max(1, Math.ceil((reps * targetMs) / Math.max(elapsed, 0.001))));
    reps *= 2;
  }
}
