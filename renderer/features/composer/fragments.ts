import { InputError, wholeNumber } from '../session-options/input-error';

/** session.sendMessage takes at most 10 000 cuts; a round 10 000 fragments stays within it. */
export const MAX_FRAGMENTS = 10_000;
const MAX_DELAY_MS = 60_000;

/** Manual fragmentation as typed: N equal fragments, or cuts at chosen byte offsets. */
export interface FragmentForm {
  fragments: string;
  /** Byte offsets, e.g. "3, 7"; when set, they decide the fragments. */
  splitAt: string;
  pingBetween: boolean;
  delayMs: string;
}

export const DEFAULT_FRAGMENTS: FragmentForm = { fragments: '1', splitAt: '', pingBetween: false, delayMs: '' };

export interface FragmentPlan {
  /** Where the frames are cut (RFC 6455 §5.4); empty for one frame. */
  cuts: number[];
  pingBetween: boolean;
  delayMs: number;
}

/** The cuts and pacing for a message of `length` bytes; throws InputError for a field to fix. */
export function planFragments(form: FragmentForm, length: number): FragmentPlan {
  const cuts = form.splitAt.trim() !== '' ? parseCuts(form.splitAt, length) : equalCuts(length, wholeNumber(form.fragments, 'Fragments', 1, MAX_FRAGMENTS) ?? 1);
  return { cuts, pingBetween: form.pingBetween, delayMs: wholeNumber(form.delayMs, 'The delay between frames (ms)', 0, MAX_DELAY_MS) ?? 0 };
}

/** Offsets cutting `length` bytes into `count` fragments whose sizes differ by at most one, larger ones first. */
export function equalCuts(length: number, count: number): number[] {
  const size = Math.floor(length / count);
  const larger = length % count;
  return Array.from({ length: count - 1 }, (_, i) => (i + 1) * size + Math.min(i + 1, larger));
}

/** "3, 7" or "3 7" → [3, 7]: increasing offsets within the message (equal ones make an empty frame). */
export function parseCuts(text: string, length: number): number[] {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length >= MAX_FRAGMENTS) throw new InputError(`At most ${MAX_FRAGMENTS - 1} offsets can be given.`);
  const cuts = parts.map((part) => {
    if (!/^\d+$/.test(part)) throw new InputError(`Split offsets are byte positions such as "3, 7", not "${part}".`);
    return Number(part);
  });
  cuts.forEach((cut, i) => {
    if (cut > length) throw new InputError(`The split at byte ${cut} is past the end of the ${length}-byte message.`);
    if (i > 0 && cut < cuts[i - 1]) throw new InputError(`Split offsets go in increasing order: ${cut} comes after ${cuts[i - 1]}.`);
  });
  return cuts;
}

/** Each frame's payload size. */
export function fragmentSizes(cuts: number[], length: number): number[] {
  const bounds = [0, ...cuts, length];
  return cuts.length === 0 ? [length] : bounds.slice(1).map((end, i) => end - bounds[i]);
}

/** The cuts that fall inside a multi-byte UTF-8 character: valid WebSocket (§5.6 checks whole messages), worth saying. */
export function cutsInsideCharacters(bytes: Uint8Array, cuts: number[]): number[] {
  // A UTF-8 continuation byte is 10xxxxxx.
  return cuts.filter((cut) => cut < bytes.length && (bytes[cut] & 0xc0) === 0x80);
}
