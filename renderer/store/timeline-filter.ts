import { isControlOpcode } from '../../shared/opcodes';
import type { EventEntry, TimelineLog } from './timeline-log';

/** What the timeline shows: by direction, by opcode kind, and by a search over payloads. */
export interface TimelineFilter {
  direction: 'all' | 'in' | 'out';
  /** Data frames (text, binary, continuation, reserved data) or control frames (§5.5). */
  kind: 'all' | 'data' | 'control';
  search: string;
  regex: boolean;
  matchCase: boolean;
}

export const NO_FILTER: TimelineFilter = { direction: 'all', kind: 'all', search: '', regex: false, matchCase: false };

export interface CompiledFilter {
  test(log: TimelineLog, row: number): boolean;
  /** Why the search cannot be used (an invalid regular expression); it is then ignored. */
  error: string | null;
}

export function sameFilter(a: TimelineFilter, b: TimelineFilter): boolean {
  return a.direction === b.direction && a.kind === b.kind && a.search === b.search && a.regex === b.regex && a.matchCase === b.matchCase;
}

/**
 * The filter as one function over rows. Plain text is searched in the payload bytes
 * themselves (its UTF-8 encoding, ASCII letters folded unless Match case), which needs
 * no decoding and so stays fast over a million rows; a regular expression needs the
 * text, decoded per row. Events and handshakes have no direction or opcode: they show
 * only when neither is filtered, and the search looks at their text.
 */
export function compileFilter(filter: TimelineFilter): CompiledFilter {
  const structural = filter.direction !== 'all' || filter.kind !== 'all';
  const wantOut = filter.direction === 'out';
  const search = compileSearch(filter);
  const textOk = search.matcher;
  return {
    error: search.error,
    test(log, row) {
      if (!log.isFrame(row)) return !structural && (textOk === null || textOk.event(log.eventAt(row)));
      if (filter.direction !== 'all' && log.isOut(row) !== wantOut) return false;
      if (filter.kind !== 'all' && isControlOpcode(log.opcodeAt(row)) !== (filter.kind === 'control')) return false;
      return textOk === null || textOk.payload(log.payloadAt(row));
    },
  };
}

interface Matcher {
  payload(bytes: Uint8Array): boolean;
  event(entry: EventEntry | undefined): boolean;
}

function compileSearch(filter: TimelineFilter): { matcher: Matcher | null; error: string | null } {
  if (filter.search === '') return { matcher: null, error: null };
  if (filter.regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(filter.search, filter.matchCase ? '' : 'i');
    } catch (error) {
      return { matcher: null, error: error instanceof Error ? error.message : String(error) };
    }
    const decoder = new TextDecoder();
    return { matcher: { payload: (bytes) => bytes.length > 0 && pattern.test(decoder.decode(bytes)), event: (entry) => pattern.test(eventText(entry)) }, error: null };
  }
  const needle = fold(new TextEncoder().encode(filter.search), filter.matchCase);
  const text = filter.matchCase ? filter.search : filter.search.toLowerCase();
  return {
    matcher: {
      payload: (bytes) => containsBytes(bytes, needle, filter.matchCase ? IDENTITY : ASCII_FOLD),
      event: (entry) => (filter.matchCase ? eventText(entry) : eventText(entry).toLowerCase()).includes(text),
    },
    error: null,
  };
}

/** What a search finds in an event or handshake row. */
function eventText(entry: EventEntry | undefined): string {
  if (!entry) return '';
  if (entry.kind === 'event') return `${entry.event} ${entry.text}`;
  const { record } = entry;
  return [record.request, record.response, record.error].filter(Boolean).join('\n');
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, byte) => byte);
const ASCII_FOLD = Uint8Array.from({ length: 256 }, (_, byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte));

function fold(bytes: Uint8Array, matchCase: boolean): Uint8Array {
  return matchCase ? bytes : bytes.map((byte) => ASCII_FOLD[byte]);
}

/** Whether `needle` occurs in `haystack` once each haystack byte goes through `table`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array, table: Uint8Array): boolean {
  const last = haystack.length - needle.length;
  const first = needle[0];
  outer: for (let start = 0; start <= last; start++) {
    if (table[haystack[start]] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (table[haystack[start + k]] !== needle[k]) continue outer;
    return true;
  }
  return false;
}
