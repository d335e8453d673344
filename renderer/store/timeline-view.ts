import { compileFilter, NO_FILTER, sameFilter, type CompiledFilter, type TimelineFilter } from './timeline-filter';
import type { TimelineLog } from './timeline-log';
import { withCapacity } from './growable';
import { nextTask } from './next-task';

/** How long one slice of refiltering may hold the main thread. */
const SLICE_MS = 8;

/**
 * The rows the timeline shows, in order: the filtered rows, each fragmented message as
 * one row of its own (before its first fragment) and its fragments hidden until it is
 * expanded. Each shown row is a number: row * 2 for a message, row * 2 + 1 for the row
 * itself, so the list is sorted and found by binary search.
 *
 * A new filter is applied to every row in slices of a few milliseconds, so a million rows
 * never hold the main thread (`progress` says how far it got); rows that arrive meanwhile
 * are tested as they come.
 */
export class TimelineView {
  private matches = new Uint8Array(0);
  private groupMatches = new Uint8Array(0);
  private shown = new Uint32Array(0);
  private shownCount = 0;
  /** Expanded messages, by the seq of their first fragment (seqs outlive row numbers). */
  private readonly expanded = new Set<number>();
  private compiled: CompiledFilter = compileFilter(NO_FILTER);
  private job = 0;
  filter: TimelineFilter = NO_FILTER;
  /** While a new filter is being applied: the share of rows done, from 0 to 1. */
  progress: number | null = null;

  constructor(
    private readonly log: TimelineLog,
    private readonly onChange: (urgent: boolean) => void,
  ) {}

  get length(): number {
    return this.shownCount;
  }

  get filterError(): string | null {
    return this.compiled.error;
  }

  /** The shown row at `index`: see the class comment for its encoding. */
  at(index: number): number {
    return this.shown[index];
  }

  isExpanded(group: number): boolean {
    return this.expanded.has(this.log.seqAt(this.log.groups.firstRow(group)));
  }

  /** Where the row with `seq` is shown (as its message's row when `message`), or -1. */
  indexOf(seq: number, message: boolean): number {
    const row = this.log.indexOfSeq(seq);
    return row < 0 ? -1 : this.indexOfValue(row * 2 + (message ? 0 : 1));
  }

  setFilter(filter: TimelineFilter): void {
    if (sameFilter(filter, this.filter)) return;
    this.filter = filter;
    this.compiled = compileFilter(filter);
    void this.refilter();
  }

  toggle(group: number): void {
    const seq = this.log.seqAt(this.log.groups.firstRow(group));
    if (!this.expanded.delete(seq)) this.expanded.add(seq);
    if (this.progress === null) this.rebuild();
    this.onChange(true);
  }

  /** Rows [from, to) were appended. */
  appended(from: number, to: number): void {
    this.reserve(to);
    const { groups } = this.log;
    let rebuild = false;
    for (let row = from; row < to; row++) {
      const group = groups.of(row);
      const groupShownBefore = group >= 0 && this.groupMatches[group] === 1;
      const ok = this.test(row);
      if (this.progress !== null) continue;
      if (group < 0) {
        if (ok) this.push(row * 2 + 1);
      } else if (groups.firstRow(group) === row) {
        if (ok) this.pushMessage(group, row);
      } else if (!groupShownBefore && this.groupMatches[group] === 1) {
        // A later fragment matched: the message's row belongs before rows already shown.
        rebuild = true;
      } else if (groupShownBefore && this.isExpanded(group)) {
        this.push(row * 2 + 1);
      }
    }
    if (rebuild) this.rebuild();
    this.onChange(false);
  }

  /** Row numbers changed (history merged in, old rows dropped): test every row again. */
  reset(): void {
    void this.refilter();
  }

  private async refilter(): Promise<void> {
    const job = ++this.job;
    const total = this.log.length;
    this.reserve(total);
    this.groupMatches.fill(0);
    let row = 0;
    for (;;) {
      const deadline = performance.now() + SLICE_MS;
      // The clock is read every 256 rows: a regular expression over 256 previews takes well under a millisecond.
      while (row < total && ((row & 255) !== 0 || performance.now() < deadline)) this.test(row++);
      if (row >= total) break;
      this.progress = row / total;
      this.onChange(true);
      await nextTask();
      if (job !== this.job) return;
    }
    // Rows appended while this ran were tested as they came, with this filter.
    this.progress = null;
    this.rebuild();
    this.onChange(true);
  }

  private test(row: number): boolean {
    const ok = this.compiled.test(this.log, row);
    this.matches[row] = ok ? 1 : 0;
    const group = this.log.groups.of(row);
    if (ok && group >= 0) this.groupMatches[group] = 1;
    return ok;
  }

  /**
   * The shown list from scratch: one pass over every row's match, writing into an array
   * sized once (a million rows take a few milliseconds this way, not a push each).
   */
  private rebuild(): void {
    const { groups } = this.log;
    const total = this.log.length;
    this.shown = withCapacity(this.shown, total + groups.count);
    const shown = this.shown;
    const matches = this.matches;
    let count = 0;
    if (groups.count === 0) {
      for (let row = 0; row < total; row++) if (matches[row] === 1) shown[count++] = row * 2 + 1;
      this.shownCount = count;
      return;
    }
    const expanded = new Uint8Array(groups.count);
    for (let group = 0; group < groups.count; group++) expanded[group] = this.isExpanded(group) ? 1 : 0;
    const groupOf = groups.groupOf;
    for (let row = 0; row < total; row++) {
      const group = row < groupOf.length ? groupOf[row] - 1 : -1;
      if (group < 0) {
        if (matches[row] === 1) shown[count++] = row * 2 + 1;
        continue;
      }
      if (this.groupMatches[group] === 0) continue;
      if (groups.firstRow(group) === row) shown[count++] = row * 2;
      if (expanded[group] === 1) shown[count++] = row * 2 + 1;
    }
    this.shownCount = count;
  }

  private pushMessage(group: number, row: number): void {
    this.push(row * 2);
    if (this.isExpanded(group)) this.push(row * 2 + 1);
  }

  private push(value: number): void {
    this.shown = withCapacity(this.shown, this.shownCount + 1);
    this.shown[this.shownCount++] = value;
  }

  private reserve(rows: number): void {
    this.matches = withCapacity(this.matches, rows);
    this.groupMatches = withCapacity(this.groupMatches, this.log.groups.count);
  }

  /** Binary search: the list is sorted (see the class comment). */
  private indexOfValue(value: number): number {
    let low = 0;
    let high = this.shownCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.shown[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low < this.shownCount && this.shown[low] === value ? low : -1;
  }
}
