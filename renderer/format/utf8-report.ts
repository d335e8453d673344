/** Whether a text payload is valid UTF-8 (RFC 6455 §5.6, §8.1), and if not, why, in words. */
export type Utf8Report =
  | { status: 'valid' }
  /** Valid but for a character cut at a fragment's edge: not an error in a fragmented message (§5.4). */
  | { status: 'split'; explanation: string }
  | { status: 'invalid'; offset: number; explanation: string };

export interface Utf8Edges {
  /** The bytes may start inside a character begun in the previous fragment. */
  continuesPrevious: boolean;
  /** The bytes may end inside a character finished in the next fragment (or in bytes not loaded yet). */
  continuesNext: boolean;
}

const WHOLE: Utf8Edges = { continuesPrevious: false, continuesNext: false };

/**
 * RFC 3629's well-formed sequences, checked byte by byte so that the report can say
 * where and why: the same rules as the engine's validator (no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
export function checkUtf8(bytes: Uint8Array, edges: Utf8Edges = WHOLE): Utf8Report {
  let leading = 0;
  if (edges.continuesPrevious) while (leading < 3 && leading < bytes.length && (bytes[leading] & 0xc0) === 0x80) leading++;
  let i = leading;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte < 0x80) {
      i++;
      continue;
    }
    const rule = leadRule(byte);
    if (rule === null) return invalid(i, `0x${hex(byte)} ${byte < 0xc0 ? 'continues a character that never began' : 'never appears in UTF-8'}`);
    const [size, low, high] = rule;
    for (let k = 1; k < size; k++) {
      if (i + k >= bytes.length) {
        const have = bytes.length - i;
        if (edges.continuesNext) return split(leading, `ends inside a ${size}-byte character (${have} of its ${size} bytes here)`);
        return invalid(i, `ends inside a ${size}-byte character (${have} of its ${size} bytes)`);
      }
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return invalid(i + k, `0x${hex(next)} cannot follow 0x${hex(byte)}${k === 1 && (low !== 0x80 || high !== 0xbf) ? ' (an overlong form, a surrogate or past U+10FFFF)' : ''}`);
    }
    i += size;
  }
  return leading > 0 ? split(leading, '') : { status: 'valid' };
}

/** The bytes a lead byte promises and the range of the byte after it, or null for a byte that cannot start a character. */
function leadRule(byte: number): [number, number, number] | null {
  if (byte >= 0xc2 && byte <= 0xdf) return [2, 0x80, 0xbf];
  if (byte === 0xe0) return [3, 0xa0, 0xbf];
  if (byte === 0xed) return [3, 0x80, 0x9f];
  if (byte >= 0xe1 && byte <= 0xef) return [3, 0x80, 0xbf];
  if (byte === 0xf0) return [4, 0x90, 0xbf];
  if (byte >= 0xf1 && byte <= 0xf3) return [4, 0x80, 0xbf];
  if (byte === 0xf4) return [4, 0x80, 0x8f];
  return null;
}

function split(leading: number, tail: string): Utf8Report {
  const head = leading > 0 ? `begins with ${leading} byte${leading > 1 ? 's' : ''} that finish${leading > 1 ? '' : 'es'} a character from the previous fragment` : '';
  return { status: 'split', explanation: [head, tail].filter(Boolean).join(' and ') };
}

function invalid(offset: number, why: string): Utf8Report {
  return { status: 'invalid', offset, explanation: `not valid UTF-8 at byte ${offset}: ${why}` };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
