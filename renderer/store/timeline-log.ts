import type { CaptureEntry } from '../../shared/capture';

/** How many entries the UI keeps per session; older ones are dropped, and the note says so. */
export const MAX_ROWS_PER_SESSION = 200_000;

/**
 * One session's timeline as the UI holds it: entries in seq order, kept outside React
 * state and updated in place (STYLE.md §4). The store publishes only its row count.
 */
export class TimelineLog {
  private rows: CaptureEntry[] = [];
  /** Entries the UI itself let go of to stay within MAX_ROWS_PER_SESSION. */
  discarded = 0;

  get length(): number {
    return this.rows.length;
  }

  get lastSeq(): number {
    return this.rows.length === 0 ? 0 : this.rows[this.rows.length - 1].seq;
  }

  at(index: number): CaptureEntry | undefined {
    return this.rows[index];
  }

  /** New entries from an event batch; anything already held is ignored. */
  append(entries: CaptureEntry[]): void {
    const last = this.lastSeq;
    for (const entry of entries) if (entry.seq > last) this.rows.push(entry);
    this.trim();
  }

  /** Older entries fetched with capture.entries, placed before the ones held. */
  prepend(entries: CaptureEntry[]): void {
    const first = this.rows.length === 0 ? Infinity : this.rows[0].seq;
    const older = entries.filter((entry) => entry.seq < first);
    if (older.length > 0) this.rows = [...older, ...this.rows];
    this.trim();
  }

  private trim(): void {
    const excess = this.rows.length - MAX_ROWS_PER_SESSION;
    if (excess <= 0) return;
    this.rows = this.rows.slice(excess);
    this.discarded += excess;
  }
}
