import type { ApiEvent, SessionSummary } from '../../shared/api';
import type { CaptureEntry } from '../../shared/capture';
import type { CaptureChange } from './capture-store';
import { systemClock, type Clock } from './clock';

type WorkspaceEvent = ApiEvent & { type: 'workspace' };

/** What the services report, for every subscriber's batcher to coalesce. */
export type Change = CaptureChange | { type: 'session'; sessionId: string } | { type: 'removed'; sessionId: string } | WorkspaceEvent;

/** Where a batcher reads what it sends: the state at flush time, not a copy per change. */
export interface FeedSource {
  summary(sessionId: string): SessionSummary | null;
  entries(sessionId: string, from: number, count: number): CaptureEntry[];
}

export interface BatcherOptions {
  /** The shortest time between two batches: 16 ms is about 60 a second. */
  intervalMs?: number;
  clock?: Clock;
  /** At most this many entries, and about this many preview characters, per batch; the rest follows in the next. */
  maxEntries?: number;
  maxPreviewChars?: number;
  /** When the transport is still full of earlier batches, wait: changes pile up as counters, not copies. */
  isCongested?: () => boolean;
}

/**
 * One subscriber's event stream (STYLE.md §4): changes are coalesced per session and sent
 * as one message at most every `intervalMs`. What is pending is a few numbers per session
 * (a dirty flag, the last seq sent and the last appended), so a flood of frames costs
 * the batcher nothing: entries are read from the capture when the batch is built, and
 * those the memory bound gave up in between are reported by 'truncated', not sent.
 */
export class EventBatcher {
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly maxPreviewChars: number;
  private readonly dirty = new Set<string>();
  /** Per session: the next seq to send, and the last seq appended. */
  private readonly cursors = new Map<string, { next: number; last: number }>();
  private readonly truncated = new Map<string, ApiEvent & { type: 'truncated' }>();
  private readonly removed = new Set<string>();
  /** The latest workspace status, keeping a replaced renderer state until it is sent. */
  private workspace: WorkspaceEvent | null = null;
  private timer: unknown = null;
  private lastFlush = -Infinity;
  private closed = false;

  constructor(
    private readonly source: FeedSource,
    private readonly send: (events: ApiEvent[]) => void,
    private readonly options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 16;
    this.clock = options.clock ?? systemClock;
    // Small enough that a batch is cheap to build, send and render; 120,000 entries a second in all.
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxPreviewChars = options.maxPreviewChars ?? 2 * 1024 * 1024;
  }

  notify(change: Change): void {
    if (this.closed) return;
    switch (change.type) {
      case 'session':
        this.dirty.add(change.sessionId);
        break;
      case 'appended': {
        const cursor = this.cursors.get(change.sessionId);
        if (cursor) cursor.last = change.seq;
        else this.cursors.set(change.sessionId, { next: change.seq, last: change.seq });
        this.dirty.add(change.sessionId);
        break;
      }
      case 'truncated':
        this.truncated.set(change.sessionId, { type: 'truncated', sessionId: change.sessionId, frames: change.frames, evicted: change.evicted });
        this.dirty.add(change.sessionId);
        break;
      case 'workspace': {
        const renderer = change.renderer ?? this.workspace?.renderer;
        this.workspace = { type: 'workspace', status: change.status, ...(renderer ? { renderer } : {}) };
        break;
      }
      case 'removed':
        this.dirty.delete(change.sessionId);
        this.cursors.delete(change.sessionId);
        this.truncated.delete(change.sessionId);
        this.removed.add(change.sessionId);
        break;
    }
    this.schedule();
  }

  /** Send what is pending now (tests, and before the subscriber goes away). */
  flush(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    if (this.options.isCongested?.()) {
      this.schedule(this.intervalMs);
      return;
    }
    const events = this.collect();
    if (events.length > 0) this.send(events);
    // Measured from the end of a send, so a slow batch cannot bring the next one closer.
    this.lastFlush = this.clock.now();
    if (this.hasPending()) this.schedule();
  }

  close(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.closed = true;
  }

  private schedule(delay = Math.max(0, this.lastFlush + this.intervalMs - this.clock.now())): void {
    if (this.timer !== null || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  private hasPending(): boolean {
    if (this.dirty.size > 0 || this.truncated.size > 0 || this.removed.size > 0 || this.workspace !== null) return true;
    for (const cursor of this.cursors.values()) if (cursor.next <= cursor.last) return true;
    return false;
  }

  private collect(): ApiEvent[] {
    const events: ApiEvent[] = [];
    for (const sessionId of this.dirty) {
      const session = this.source.summary(sessionId);
      if (session) events.push({ type: 'session', session });
    }
    this.dirty.clear();

    let entryBudget = this.maxEntries;
    let charBudget = this.maxPreviewChars;
    for (const [sessionId, cursor] of this.cursors) {
      if (entryBudget <= 0 || charBudget <= 0) break;
      if (cursor.next > cursor.last) continue;
      const entries = this.source.entries(sessionId, cursor.next, Math.min(entryBudget, cursor.last - cursor.next + 1));
      let taken = 0;
      while (taken < entries.length && charBudget > 0) {
        const entry = entries[taken++];
        if (entry.kind === 'frame') charBudget -= entry.preview.length;
      }
      const sent = entries.slice(0, taken);
      entryBudget -= sent.length;
      // Entries the bound evicted before this batch are skipped; 'truncated' counts them.
      cursor.next = sent.length > 0 ? sent[sent.length - 1].seq + 1 : cursor.last + 1;
      if (sent.length > 0) events.push({ type: 'entries', sessionId, entries: sent });
    }

    for (const event of this.truncated.values()) events.push(event);
    this.truncated.clear();
    for (const sessionId of this.removed) events.push({ type: 'removed', sessionId });
    this.removed.clear();
    if (this.workspace) events.push(this.workspace);
    this.workspace = null;
    return events;
  }
}
