import type { CaptureEntry, FrameEntry, HandshakeEntry, LifecycleEntry } from '../../shared/capture';
import type { LengthForm } from '../../shared/frame-record';
import { ByteArena } from './byte-arena';
import { FragmentGroups } from './fragment-groups';
import { withCapacity } from './growable';
import { TimelineView } from './timeline-view';

/** How many rows the UI keeps per session; past it the oldest eighth goes at once, and the timeline says so. */
export const MAX_ROWS_PER_SESSION = 2_000_000;
/** How much of each payload a row keeps: enough for the row, the search and most inspections; the rest loads on demand. */
export const KEPT_PAYLOAD_BYTES = 1024;
/** The payload bytes one session's rows keep in all; past it the oldest are released (the main process still has them, within its own bound). */
const PAYLOAD_BUDGET_BYTES = 128 * 1024 * 1024;

export type EventEntry = HandshakeEntry | LifecycleEntry;

/** A frame as the timeline holds it: every wire field, and the payload bytes it kept. */
export interface FrameRow extends Omit<FrameEntry, 'preview' | 'complete'> {
  /** The first bytes of the unmasked payload, as many as the timeline kept. */
  payload: Uint8Array;
  /** `payload` is the whole payload. */
  complete: boolean;
  /** The timeline let go of this frame's bytes to stay within its own budget. */
  released: boolean;
}

export type TimelineRow = FrameRow | EventEntry;

// A row's flags and small fields, packed in one 32-bit word.
const KIND_MASK = 0b11;
const KIND_FRAME = 0;
const KIND_HANDSHAKE = 1;
const KIND_EVENT = 2;
const OUT = 1 << 2;
const FIN = 1 << 3;
const RSV1 = 1 << 4;
const RSV2 = 1 << 5;
const RSV3 = 1 << 6;
const MASKED = 1 << 7;
const OPCODE_SHIFT = 8;
const CRAFTED = 1 << 12;
const DROPPED = 1 << 13;
const COMPLETE = 1 << 14;
const FORM_SHIFT = 15;
const FORMS: LengthForm[] = [7, 16, 64];

/** The rows, one typed array per field (a header hex string per frame aside). */
interface Columns {
  seqs: Float64Array;
  times: Float64Array;
  infos: Uint32Array;
  lengths: Float64Array;
  positions: Float64Array;
  keptLengths: Uint32Array;
  headers: string[];
}

function emptyColumns(): Columns {
  return { seqs: new Float64Array(0), times: new Float64Array(0), infos: new Uint32Array(0), lengths: new Float64Array(0), positions: new Float64Array(0), keptLengths: new Uint32Array(0), headers: [] };
}

/**
 * One session's timeline as the UI holds it, outside React (STYLE.md §4): rows in seq
 * order, stored by column in typed arrays, payload bytes in one arena, so that a million
 * frames cost tens of bytes each beyond their payload. Events and handshakes, which are
 * few, are kept as they came. The fragment groups and the filtered view follow every change.
 */
export class TimelineLog {
  private count = 0;
  private cols: Columns = emptyColumns();
  private readonly events = new Map<number, EventEntry>();
  /** The rare fields, by seq: a pong's round trip, a compressed message's inflated size. */
  private readonly extras = new Map<number, { rttMs?: number; inflatedLength?: number }>();
  private readonly arena = new ByteArena(PAYLOAD_BUDGET_BYTES);
  readonly groups = new FragmentGroups();
  readonly view: TimelineView;
  /** Rows this UI let go of to stay within MAX_ROWS_PER_SESSION. */
  discarded = 0;
  /** Bumped whenever row numbers change (history merged in, old rows dropped): what a row number meant before is gone. */
  generation = 0;

  /** `onViewChange(urgent)`: urgent for what a user did (a new filter, a message opened), not for rows arriving. */
  constructor(onViewChange: (urgent: boolean) => void = () => undefined) {
    this.view = new TimelineView(this, onViewChange);
  }

  get length(): number {
    return this.count;
  }

  get lastSeq(): number {
    return this.count === 0 ? 0 : this.cols.seqs[this.count - 1];
  }

  /** New entries from an event batch, usually all after the last row; anything already held is ignored. */
  append(entries: CaptureEntry[]): void {
    if (entries.length === 0) return;
    if (entries[0].seq <= this.lastSeq) {
      this.merge(entries);
      return;
    }
    const from = this.count;
    this.reserve(this.count + entries.length);
    let last = this.lastSeq;
    for (const entry of entries) {
      if (entry.seq <= last) continue;
      this.write(this.count++, entry);
      last = entry.seq;
    }
    for (let row = from; row < this.count; row++) this.place(row);
    if (this.count > MAX_ROWS_PER_SESSION) this.dropOldest(this.count - MAX_ROWS_PER_SESSION + MAX_ROWS_PER_SESSION / 8);
    else this.view.appended(from, this.count);
  }

  /** Entries fetched with capture.entries (history after a reload), merged into seq order. */
  merge(entries: CaptureEntry[]): void {
    const incoming = entries.filter((entry) => this.indexOfSeq(entry.seq) < 0).sort((a, b) => a.seq - b.seq);
    if (incoming.length === 0) return;
    if (incoming[0].seq > this.lastSeq) {
      this.append(incoming);
      return;
    }
    const old = this.cols;
    const oldCount = this.count;
    this.cols = emptyColumns();
    this.count = 0;
    this.reserve(oldCount + incoming.length);
    let i = 0;
    let j = 0;
    while (i < oldCount || j < incoming.length) {
      if (j >= incoming.length || (i < oldCount && old.seqs[i] < incoming[j].seq)) this.copyRow(old, i++, this.count++);
      else this.write(this.count++, incoming[j++]);
    }
    this.regroup();
  }

  seqAt(row: number): number {
    return this.cols.seqs[row];
  }

  timeAt(row: number): number {
    return this.cols.times[row];
  }

  isFrame(row: number): boolean {
    return (this.cols.infos[row] & KIND_MASK) === KIND_FRAME;
  }

  isOut(row: number): boolean {
    return (this.cols.infos[row] & OUT) !== 0;
  }

  opcodeAt(row: number): number {
    return (this.cols.infos[row] >>> OPCODE_SHIFT) & 0xf;
  }

  /** The payload bytes the row kept (empty for events, dropped or released payloads). */
  payloadAt(row: number): Uint8Array {
    return this.arena.view(this.cols.positions[row], this.cols.keptLengths[row]);
  }

  /** The event or handshake at `row`, or undefined for a frame. */
  eventAt(row: number): EventEntry | undefined {
    return this.isFrame(row) ? undefined : this.events.get(this.cols.seqs[row]);
  }

  /** Everything the timeline holds about `row`, as one object (for the rows on screen and the inspector). */
  rowAt(row: number): TimelineRow | undefined {
    if (row < 0 || row >= this.count) return undefined;
    const info = this.cols.infos[row];
    const seq = this.cols.seqs[row];
    if ((info & KIND_MASK) !== KIND_FRAME) return this.events.get(seq);
    const header = this.cols.headers[row];
    const masked = (info & MASKED) !== 0;
    const held = this.arena.held(this.cols.positions[row]);
    return {
      kind: 'frame',
      seq,
      time: this.cols.times[row],
      direction: info & OUT ? 'out' : 'in',
      fin: (info & FIN) !== 0,
      rsv1: (info & RSV1) !== 0,
      rsv2: (info & RSV2) !== 0,
      rsv3: (info & RSV3) !== 0,
      opcode: (info >>> OPCODE_SHIFT) & 0xf,
      masked,
      // RFC 6455 §5.2: the masking key is the header's last four bytes when MASK is set.
      maskKey: masked ? header.slice(-8) : null,
      payloadLength: this.cols.lengths[row],
      lengthForm: FORMS[(info >>> FORM_SHIFT) & 0b11],
      header,
      payload: this.payloadAt(row),
      complete: (info & COMPLETE) !== 0 && held,
      dropped: (info & DROPPED) !== 0,
      crafted: (info & CRAFTED) !== 0,
      released: !held,
      ...this.extras.get(seq),
    };
  }

  /** The row holding `seq`, or -1. */
  indexOfSeq(seq: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.cols.seqs[middle];
      if (value === seq) return middle;
      if (value < seq) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private reserve(length: number): void {
    const cols = this.cols;
    cols.seqs = withCapacity(cols.seqs, length);
    cols.times = withCapacity(cols.times, length);
    cols.infos = withCapacity(cols.infos, length);
    cols.lengths = withCapacity(cols.lengths, length);
    cols.positions = withCapacity(cols.positions, length);
    cols.keptLengths = withCapacity(cols.keptLengths, length);
  }

  private write(row: number, entry: CaptureEntry): void {
    this.cols.seqs[row] = entry.seq;
    this.cols.times[row] = entry.time;
    if (entry.kind !== 'frame') {
      this.cols.infos[row] = entry.kind === 'handshake' ? KIND_HANDSHAKE : KIND_EVENT;
      this.events.set(entry.seq, entry);
      this.cols.keptLengths[row] = 0;
      this.cols.headers[row] = '';
      return;
    }
    const binary = entry.preview === '' ? '' : atob(entry.preview);
    const kept = Math.min(binary.length, KEPT_PAYLOAD_BYTES);
    this.cols.infos[row] =
      KIND_FRAME |
      (entry.direction === 'out' ? OUT : 0) |
      (entry.fin ? FIN : 0) |
      (entry.rsv1 ? RSV1 : 0) |
      (entry.rsv2 ? RSV2 : 0) |
      (entry.rsv3 ? RSV3 : 0) |
      (entry.masked ? MASKED : 0) |
      (entry.opcode << OPCODE_SHIFT) |
      (entry.crafted ? CRAFTED : 0) |
      (entry.dropped ? DROPPED : 0) |
      (entry.complete && kept === binary.length ? COMPLETE : 0) |
      (FORMS.indexOf(entry.lengthForm) << FORM_SHIFT);
    this.cols.lengths[row] = entry.payloadLength;
    this.cols.positions[row] = this.arena.appendBinary(binary, kept);
    this.cols.keptLengths[row] = kept;
    this.cols.headers[row] = entry.header;
    const { rttMs, inflatedLength } = entry;
    if (rttMs !== undefined) this.extras.set(entry.seq, { rttMs });
    if (inflatedLength !== undefined) this.extras.set(entry.seq, { inflatedLength });
  }

  /** Put a new row in its fragment group. */
  private place(row: number): void {
    if (!this.isFrame(row)) return;
    const info = this.cols.infos[row];
    this.groups.add(row, (info & OUT) !== 0, (info >>> OPCODE_SHIFT) & 0xf, (info & FIN) !== 0, this.cols.lengths[row]);
  }

  private copyRow(from: Columns, source: number, row: number): void {
    this.cols.seqs[row] = from.seqs[source];
    this.cols.times[row] = from.times[source];
    this.cols.infos[row] = from.infos[source];
    this.cols.lengths[row] = from.lengths[source];
    this.cols.positions[row] = from.positions[source];
    this.cols.keptLengths[row] = from.keptLengths[source];
    this.cols.headers[row] = from.headers[source];
  }

  /** Let go of the oldest `rows` rows in one move, then rebuild what hangs on row numbers. */
  private dropOldest(rows: number): void {
    const keep = this.count - rows;
    const firstKept = this.cols.seqs[rows];
    const { seqs, times, infos, lengths, positions, keptLengths } = this.cols;
    for (const column of [seqs, times, infos, lengths, positions, keptLengths]) column.copyWithin(0, rows, this.count);
    this.cols.headers.splice(0, rows);
    this.count = keep;
    for (const seq of this.events.keys()) if (seq < firstKept) this.events.delete(seq);
    for (const seq of this.extras.keys()) if (seq < firstKept) this.extras.delete(seq);
    this.discarded += rows;
    this.regroup();
  }

  /** Row numbers changed: group every row again and refilter. */
  private regroup(): void {
    this.generation++;
    this.groups.clear();
    for (let row = 0; row < this.count; row++) this.place(row);
    this.view.reset();
  }
}
