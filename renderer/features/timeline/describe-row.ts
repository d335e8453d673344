import { opcodeName } from '../../../shared/opcodes';
import { clockTime, delta } from '../../format/clock';
import { parseClosePayload } from '../../format/close-payload';
import { count, hexLine, lineText, looksPrintable, visibleLine } from '../../format/payload-text';
import { checkUtf8 } from '../../format/utf8-report';
import type { EventEntry, FrameRow, TimelineLog } from '../../store/timeline-log';

/** How much of a payload a row shows. */
const PREVIEW_CHARS = 160;
const PREVIEW_BYTES = 48;

/** What a colour says about a row: its opcode, or the kind of event. */
export type Tone = 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved' | 'handshake' | 'event' | 'error';

/** One timeline row, ready to draw. */
export interface RowCells {
  seq: number;
  time: string;
  delta: string;
  direction: string;
  directionTitle: string;
  opcode: string;
  fin: string;
  rsv: string;
  mask: string;
  length: string;
  preview: string;
  /** Said after the preview, set apart: crafted, dropped, a split character, a round trip… */
  notes: string[];
  tone: Tone;
  /** The row is one of a fragmented message's frames, drawn under the message's row. */
  fragment: boolean;
  /** For a fragmented message's own row: whether its fragments are shown. */
  message?: { expanded: boolean };
}

/** The cells of the shown row `value` (see TimelineView), `previous` being the shown row above it or -1. */
export function describeRow(log: TimelineLog, value: number, previous: number): RowCells {
  const row = value >>> 1;
  const time = log.timeAt(row);
  const before = previous < 0 ? time : log.timeAt(previous >>> 1);
  const base = { seq: log.seqAt(row), time: clockTime(time), delta: previous < 0 ? '' : delta(time - before) };
  const group = log.groups.of(row);
  if ((value & 1) === 0) return { ...base, ...describeMessage(log, group) };
  const entry = log.rowAt(row);
  if (!entry) throw new Error(`the timeline has no row ${row}`);
  if (entry.kind !== 'frame') return { ...base, ...describeEvent(entry) };
  const messageOpcode = group >= 0 ? log.groups.opcode[group] : entry.opcode;
  return { ...base, ...describeFrame(entry, messageOpcode, group >= 0 ? fragmentEdges(log, group, row) : null), fragment: group >= 0 };
}

type Described = Omit<RowCells, 'seq' | 'time' | 'delta'>;

function describeFrame(frame: FrameRow, messageOpcode: number, edges: { first: boolean; last: boolean } | null): Described {
  const notes: string[] = [];
  let preview = '';
  const bytes = frame.payload;
  const opcode = frame.opcode;
  if (frame.dropped) notes.push('payload dropped by the memory bound');
  else if (frame.released) notes.push('payload released (see inspector)');
  else if (opcode === 0x8) {
    const close = parseClosePayload(bytes);
    preview = close.code === null ? close.name : `${close.code} ${close.name}${close.reason ? ` “${visibleLine(close.reason, PREVIEW_CHARS)}”` : ''}`;
  } else if (messageOpcode === 0x1 && !frame.rsv1) {
    preview = lineText(bytes, PREVIEW_CHARS);
    const utf8 = checkUtf8(bytes, { continuesPrevious: edges !== null && !edges.first, continuesNext: (edges !== null && !edges.last) || !frame.complete });
    if (utf8.status !== 'valid') notes.push(utf8.explanation);
  } else if ((opcode === 0x9 || opcode === 0xa) && looksPrintable(bytes)) {
    preview = `“${lineText(bytes, PREVIEW_CHARS)}”`;
  } else {
    preview = hexLine(bytes, PREVIEW_BYTES);
  }
  if (!frame.complete && !frame.dropped && !frame.released && bytes.length > 0) preview += ' …';
  if (frame.rsv1 && opcode !== 0x0) notes.push('compressed');
  if (frame.inflatedLength !== undefined) notes.push(`${count(frame.inflatedLength)} B inflated`);
  if (frame.rttMs !== undefined) notes.push(`rtt ${frame.rttMs} ms`);
  if (frame.crafted) notes.push('crafted');
  return {
    direction: frame.direction === 'out' ? '→' : '←',
    directionTitle: frame.direction === 'out' ? 'sent' : 'received',
    opcode: opcodeName(opcode),
    fin: frame.fin ? '1' : '0',
    rsv: `${frame.rsv1 ? 1 : 0}${frame.rsv2 ? 1 : 0}${frame.rsv3 ? 1 : 0}`,
    mask: frame.masked ? '1' : '0',
    length: count(frame.payloadLength),
    preview,
    notes,
    tone: toneOf(opcode === 0 ? messageOpcode : opcode),
    fragment: false,
  };
}

/** A fragmented message's own row: its kind, its fragments, its bytes, and the start of its text. */
function describeMessage(log: TimelineLog, group: number): Described {
  const { groups } = log;
  const rows = groups.rows[group];
  const opcode = groups.opcode[group];
  const firstFrame = log.rowAt(rows[0]) as FrameRow;
  const finished = groups.finished[group];
  const notes = [`${rows.length} fragment${rows.length === 1 ? '' : 's'}${finished ? '' : ', unfinished'}`];
  let preview: string;
  if (opcode === 0x1 && !firstFrame.rsv1) {
    const text = joinKept(log, rows, PREVIEW_CHARS * 4);
    preview = lineText(text.bytes, PREVIEW_CHARS) + (text.whole ? '' : ' …');
  } else {
    const bytes = joinKept(log, rows, PREVIEW_BYTES);
    preview = hexLine(bytes.bytes, PREVIEW_BYTES);
  }
  if (firstFrame.rsv1) notes.push('compressed');
  return {
    direction: firstFrame.direction === 'out' ? '→' : '←',
    directionTitle: firstFrame.direction === 'out' ? 'sent' : 'received',
    opcode: opcodeName(opcode),
    fin: '',
    rsv: '',
    mask: '',
    length: count(groups.bytes[group]),
    preview,
    notes,
    tone: toneOf(opcode),
    fragment: false,
    message: { expanded: log.view.isExpanded(group) },
  };
}

function describeEvent(entry: EventEntry): Described {
  const blank = { fin: '', rsv: '', mask: '', length: '', fragment: false };
  if (entry.kind === 'handshake') {
    const { record } = entry;
    const status = record.response?.split('\r\n', 1)[0].replace(/^HTTP\/1\.1 /, '') ?? 'no response';
    const accept = record.accept ? `accept ${record.accept.ok ? '✓' : '✗'}` : '';
    const parts = [status, accept, record.subprotocol && `subprotocol ${record.subprotocol}`, record.extensions, record.tls?.protocol].filter(Boolean);
    return {
      ...blank,
      direction: '⇄',
      directionTitle: record.role === 'client' ? 'our request, their response' : 'their request, our response',
      opcode: 'handshake',
      preview: record.error ?? parts.join(' · '),
      notes: [],
      tone: record.error ? 'error' : 'handshake',
    };
  }
  return {
    ...blank,
    direction: '•',
    directionTitle: 'event',
    opcode: entry.event,
    preview: entry.text,
    notes: [],
    tone: entry.event === 'error' || (entry.event === 'close' && entry.wasClean === false) ? 'error' : 'event',
  };
}

function toneOf(opcode: number): Tone {
  switch (opcode) {
    case 0x1:
      return 'text';
    case 0x2:
      return 'binary';
    case 0x8:
      return 'close';
    case 0x9:
      return 'ping';
    case 0xa:
      return 'pong';
    default:
      return 'reserved';
  }
}

function fragmentEdges(log: TimelineLog, group: number, row: number): { first: boolean; last: boolean } {
  const rows = log.groups.rows[group];
  return { first: rows[0] === row, last: rows[rows.length - 1] === row && log.groups.finished[group] };
}

/** The first `max` kept bytes of a message's fragments, joined; `whole` when nothing is missing. */
function joinKept(log: TimelineLog, rows: number[], max: number): { bytes: Uint8Array; whole: boolean } {
  const out = new Uint8Array(max);
  let length = 0;
  let whole = true;
  for (const row of rows) {
    const bytes = log.payloadAt(row);
    const room = Math.min(bytes.length, max - length);
    out.set(bytes.subarray(0, room), length);
    length += room;
    const frame = log.rowAt(row) as FrameRow;
    if (!frame.complete || room < bytes.length) whole = false;
    if (length >= max) break;
  }
  return { bytes: out.subarray(0, length), whole };
}
