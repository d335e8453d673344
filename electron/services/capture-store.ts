import type { CaptureEntry, FrameEntry, HandshakeEntry, LifecycleEntry } from '../../shared/capture';
import type { Frame } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import { nowMicros } from './clock';

export interface CaptureLimits {
  /** The bound on every capture together: payload bytes plus an estimate of each entry's own size. */
  memoryBytes: number;
  /** How much of each payload goes to the UI up front. */
  previewBytes: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { memoryBytes: 256 * 1024 * 1024, previewBytes: 4096 };

/** An entry with its whole payload (null when the memory bound dropped it): what files keep. */
export interface TimelineItem {
  entry: CaptureEntry;
  payload: Buffer | null;
}

/** What a capture tells its listener: new entries, and payloads or entries given up to the bound. */
export type CaptureChange =
  | { type: 'appended'; sessionId: string; seq: number }
  | { type: 'truncated'; sessionId: string; frames: number; evicted: number };

/**
 * What one entry costs beyond its payload bytes: the stored objects, their strings, the
 * Buffer object and the queue slots. Measured (heap after GC, 100,000 frames of 0 to 2,000
 * bytes: 450 to 500 bytes each) and rounded up.
 */
const FRAME_OVERHEAD = 520;
const OTHER_OVERHEAD = 300;
/** The share of the bound that entries' own records may take before the oldest entries go. */
const RECORDS_SHARE = 0.5;

type EntryWithoutPreview = Omit<FrameEntry, 'preview' | 'complete' | 'dropped'> | HandshakeEntry | LifecycleEntry;

interface StoredEntry {
  readonly capture: Capture;
  readonly entry: EntryWithoutPreview;
  /** The unmasked payload of a frame; null once dropped to stay within the bound. */
  payload: Buffer | null;
  dropped: boolean;
  /** What this entry counts against the bound right now. */
  cost: number;
  evicted: boolean;
}

class Capture {
  /** Retained entries are log[head…]; the ones before were evicted. */
  log: Array<StoredEntry | null> = [];
  head = 0;
  nextSeq = 1;
  truncated = 0;
  evicted = 0;
  removed = false;

  constructor(readonly sessionId: string) {}

  get firstSeq(): number {
    return this.evicted + 1;
  }

  at(seq: number): StoredEntry | null {
    if (seq < this.firstSeq) return null;
    return this.log[this.head + seq - this.firstSeq] ?? null;
  }

  retained(): StoredEntry[] {
    return this.log.slice(this.head) as StoredEntry[];
  }

  evictOldest(): void {
    this.log[this.head] = null;
    this.head++;
    this.evicted++;
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Every session's timeline: handshake steps, lifecycle events and frames in both
 * directions, each with a sequence number and a microsecond timestamp. Payloads stay
 * here; the UI gets a preview and asks for ranges. All captures share one memory bound:
 * past it, the oldest payloads are dropped or the oldest entries removed (see
 * enforceBound), and the listener hears about each affected session, never silently.
 */
export class CaptureStore {
  private readonly captures = new Map<string, Capture>();
  /** Every retained entry of every capture, oldest first: the order in which the bound gives things up. */
  private queue: StoredEntry[] = [];
  private queueHead = 0;
  /** The next entry whose payload the bound may drop (never before queueHead). */
  private payloadCursor = 0;
  private used = 0;
  /** The part of `used` that is entries' own size, not payload bytes. */
  private records = 0;
  private limits: CaptureLimits;

  constructor(
    limits: Partial<CaptureLimits> = {},
    private readonly onChange: (change: CaptureChange) => void = () => undefined,
  ) {
    this.limits = { ...DEFAULT_CAPTURE_LIMITS, ...limits };
  }

  /** Bytes currently counted against the bound. */
  get usedBytes(): number {
    return this.used;
  }

  get currentLimits(): CaptureLimits {
    return { ...this.limits };
  }

  setLimits(limits: Partial<CaptureLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.enforceBound();
  }

  create(sessionId: string): void {
    if (this.captures.has(sessionId)) throw new Error(`a capture for ${sessionId} already exists`);
    this.captures.set(sessionId, new Capture(sessionId));
  }

  remove(sessionId: string): void {
    const capture = this.captures.get(sessionId);
    if (!capture) return;
    capture.removed = true;
    for (const stored of capture.retained()) {
      this.used -= stored.cost;
      this.records -= stored.cost - (stored.payload?.length ?? 0);
    }
    this.captures.delete(sessionId);
    this.compactQueue();
  }

  has(sessionId: string): boolean {
    return this.captures.has(sessionId);
  }

  counts(sessionId: string): { entries: number; truncated: number; evicted: number } {
    const capture = this.captures.get(sessionId);
    if (!capture) return { entries: 0, truncated: 0, evicted: 0 };
    return { entries: capture.nextSeq - 1, truncated: capture.truncated, evicted: capture.evicted };
  }

  appendFrame(sessionId: string, direction: 'in' | 'out', frame: Frame, crafted: boolean): void {
    const payload = Buffer.from(frame.payload); // a copy: the engine's buffer may be a slice of a larger read
    this.append(
      sessionId,
      (seq) => ({
        kind: 'frame',
        seq,
        time: nowMicros(),
        direction,
        fin: frame.fin,
        rsv1: frame.rsv1,
        rsv2: frame.rsv2,
        rsv3: frame.rsv3,
        opcode: frame.opcode,
        masked: frame.masked,
        maskKey: frame.maskKey === null ? null : Buffer.from(frame.maskKey).toString('hex'),
        payloadLength: frame.payloadLength,
        lengthForm: frame.lengthForm,
        header: Buffer.from(frame.header).toString('hex'),
        crafted,
        ...(frame.rttMs === undefined ? {} : { rttMs: frame.rttMs }),
        ...(frame.inflated === undefined ? {} : { inflatedLength: frame.inflated.length }),
      }),
      payload,
      FRAME_OVERHEAD + payload.length,
    );
  }

  appendHandshake(sessionId: string, record: HandshakeRecord): void {
    const size = (record.request?.length ?? 0) + (record.response?.length ?? 0) + (record.error?.length ?? 0) + 200;
    this.append(sessionId, (seq) => ({ kind: 'handshake', seq, time: nowMicros(), record }), null, OTHER_OVERHEAD + size);
  }

  appendEvent(sessionId: string, event: LifecycleEntry['event'], text: string, extra: { closeCode?: number; wasClean?: boolean } = {}): void {
    this.append(sessionId, (seq) => ({ kind: 'event', seq, time: nowMicros(), event, text, ...extra }), null, OTHER_OVERHEAD + text.length * 2);
  }

  /** Up to `count` retained entries from `from` on (or from the oldest retained one). */
  entries(sessionId: string, from: number, count: number): CaptureEntry[] {
    const capture = this.captures.get(sessionId);
    if (!capture) return [];
    const result: CaptureEntry[] = [];
    const last = Math.min(capture.nextSeq - 1, Math.max(from, capture.firstSeq) + count - 1);
    for (let seq = Math.max(from, capture.firstSeq); seq <= last; seq++) result.push(this.view(capture.at(seq) as StoredEntry));
    return result;
  }

  /** Every retained entry with its whole payload, for saving and exporting. */
  timeline(sessionId: string): TimelineItem[] {
    const capture = this.captures.get(sessionId);
    if (!capture) throw new Error(`there is no session ${sessionId}`);
    return capture.retained().map((stored) => ({ entry: this.view(stored), payload: stored.payload }));
  }

  /**
   * Put back a timeline read from a file, into a capture that has no entries yet: the
   * entries keep their seq and time, so a reopened capture reads exactly like the live one
   * did. Items must be numbered without gaps; a first seq past 1 stands for entries the
   * memory bound had removed before it was saved.
   */
  restore(sessionId: string, items: TimelineItem[]): void {
    const capture = this.captures.get(sessionId);
    if (!capture) throw new Error(`there is no session ${sessionId}`);
    if (capture.nextSeq !== 1) throw new Error(`${sessionId} already has entries`);
    if (items.length === 0) return;
    capture.evicted = items[0].entry.seq - 1;
    capture.nextSeq = items[0].entry.seq;
    for (const { entry, payload } of items) {
      if (entry.seq !== capture.nextSeq) throw new Error(`entry ${entry.seq} of ${sessionId} is out of order (expected ${capture.nextSeq})`);
      if (entry.kind !== 'frame') {
        this.append(sessionId, () => entry, null, OTHER_OVERHEAD + JSON.stringify(entry).length);
        continue;
      }
      // The preview is cut from the payload when asked for, as for a live frame.
      const fields: EntryWithoutPreview & Partial<Pick<FrameEntry, 'preview' | 'complete' | 'dropped'>> = { ...entry };
      delete fields.preview;
      delete fields.complete;
      delete fields.dropped;
      const kept = entry.dropped ? null : payload;
      this.append(sessionId, () => fields, kept, FRAME_OVERHEAD + (kept?.length ?? 0));
      if (kept === null) {
        const stored = capture.at(entry.seq);
        if (stored) stored.dropped = true;
        capture.truncated++;
      }
    }
  }

  /** A range of a frame's payload. Throws one sentence when there is no such frame or its payload was dropped. */
  payload(sessionId: string, seq: number, offset: number, length: number): { data: Buffer; total: number } {
    const capture = this.captures.get(sessionId);
    if (!capture) throw new Error(`there is no session ${sessionId}`);
    const stored = capture.at(seq);
    if (!stored) {
      throw new Error(seq < capture.firstSeq ? `entry ${seq} of ${sessionId} was removed to keep the capture within its memory bound` : `${sessionId} has no entry ${seq}`);
    }
    if (stored.entry.kind !== 'frame') throw new Error(`entry ${seq} of ${sessionId} is not a frame`);
    if (stored.payload === null) throw new Error(`the payload of frame ${seq} was dropped to keep the capture within its memory bound`);
    const total = stored.payload.length;
    if (offset > total) throw new Error(`offset ${offset} is past the end of the ${total}-byte payload`);
    return { data: stored.payload.subarray(offset, Math.min(total, offset + length)), total };
  }

  private append(sessionId: string, build: (seq: number) => EntryWithoutPreview, payload: Buffer | null, cost: number): void {
    const capture = this.captures.get(sessionId);
    if (!capture) return;
    const seq = capture.nextSeq++;
    const stored: StoredEntry = { capture, entry: build(seq), payload, dropped: false, cost, evicted: false };
    capture.log.push(stored);
    this.queue.push(stored);
    this.used += cost;
    this.records += cost - (payload?.length ?? 0);
    this.onChange({ type: 'appended', sessionId, seq });
    if (this.used > this.limits.memoryBytes || this.records > this.limits.memoryBytes * RECORDS_SHARE) this.enforceBound();
  }

  private view(stored: StoredEntry): CaptureEntry {
    const { entry } = stored;
    if (entry.kind !== 'frame') return entry;
    const payload = stored.payload;
    const preview = payload === null ? '' : payload.subarray(0, this.limits.previewBytes).toString('base64');
    // Field by field, not `{ ...entry }`: a spread of entries of four shapes (with or without
    // rttMs, inflatedLength) is a slow path in V8, and this runs for every frame the UI is
    // sent. Measured with npm run bench:ui: 22,000 rows a second reached the page with the
    // spread, 46,000 without.
    const view: FrameEntry = {
      kind: 'frame',
      seq: entry.seq,
      time: entry.time,
      direction: entry.direction,
      fin: entry.fin,
      rsv1: entry.rsv1,
      rsv2: entry.rsv2,
      rsv3: entry.rsv3,
      opcode: entry.opcode,
      masked: entry.masked,
      maskKey: entry.maskKey,
      payloadLength: entry.payloadLength,
      lengthForm: entry.lengthForm,
      header: entry.header,
      preview,
      complete: payload !== null && payload.length <= this.limits.previewBytes,
      dropped: stored.dropped,
      crafted: entry.crafted,
    };
    if (entry.rttMs !== undefined) view.rttMs = entry.rttMs;
    if (entry.inflatedLength !== undefined) view.inflatedLength = entry.inflatedLength;
    return view;
  }

  /**
   * Fit the bound again, oldest first. Entries' own records may take at most half of it
   * (past that the oldest entries go entirely), so that a flood of small frames keeps
   * the newest ones whole; then the oldest payloads are dropped, entries keeping their
   * header fields; and if the records alone still do not fit, the oldest entries go.
   */
  private enforceBound(): void {
    const touched = new Set<Capture>();
    const bound = this.limits.memoryBytes;
    while (this.records > bound * RECORDS_SHARE && this.queueHead < this.queue.length) this.evictOldest(touched);
    while (this.used > bound && this.payloadCursor < this.queue.length) {
      const stored = this.queue[this.payloadCursor++];
      if (stored.payload === null || stored.evicted || stored.capture.removed) continue;
      this.used -= stored.payload.length;
      stored.cost -= stored.payload.length;
      stored.payload = null;
      stored.dropped = true;
      stored.capture.truncated++;
      touched.add(stored.capture);
    }
    while (this.used > bound && this.queueHead < this.queue.length) this.evictOldest(touched);
    this.payloadCursor = Math.max(this.payloadCursor, this.queueHead);
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) this.compactQueue();
    for (const capture of touched) this.onChange({ type: 'truncated', sessionId: capture.sessionId, frames: capture.truncated, evicted: capture.evicted });
  }

  private evictOldest(touched: Set<Capture>): void {
    const stored = this.queue[this.queueHead++];
    if (stored.capture.removed) return;
    this.used -= stored.cost;
    this.records -= stored.cost - (stored.payload?.length ?? 0);
    stored.evicted = true;
    stored.capture.evictOldest();
    touched.add(stored.capture);
  }

  /** Forget entries that were evicted or belong to removed captures, keeping the cursors on the same entries. */
  private compactQueue(): void {
    const kept: StoredEntry[] = [];
    let cursor = 0;
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const stored = this.queue[i];
      if (stored.capture.removed || stored.evicted) continue;
      if (i < this.payloadCursor) cursor++;
      kept.push(stored);
    }
    this.queue = kept;
    this.queueHead = 0;
    this.payloadCursor = cursor;
  }
}
