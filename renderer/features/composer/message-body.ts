import { bytesToBase64 } from '../../api/bytes';
import { InputError } from '../session-options/input-error';
import { formatHex, parseBase64, parseHex } from './binary-text';
import { checkJson } from './json-text';

/** What the user is composing: the Text / JSON / Binary choice and, for binary, how it is written. */
export type MessageMode = 'text' | 'json' | 'binary';
export type BinaryInput = 'hex' | 'base64' | 'file';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export interface Draft {
  mode: MessageMode;
  binaryInput: BinaryInput;
  text: string;
  file: PickedFile | null;
}

export const EMPTY_DRAFT: Draft = { mode: 'text', binaryInput: 'hex', text: '', file: null };

export interface EncodedMessage {
  kind: 'text' | 'binary';
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The message's bytes (text as UTF-8, RFC 6455 §5.6); throws InputError saying what to fix. */
export function encodeDraft(draft: Draft): EncodedMessage {
  if (draft.mode === 'text') return { kind: 'text', bytes: encoder.encode(draft.text) };
  if (draft.mode === 'json') {
    if (draft.text.trim() === '') throw new InputError('Type a JSON value to send.');
    const problem = checkJson(draft.text);
    if (problem) throw new InputError(`Invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}.`);
    return { kind: 'text', bytes: encoder.encode(draft.text) };
  }
  if (draft.binaryInput === 'file') {
    if (!draft.file) throw new InputError('Choose a file to send.');
    return { kind: 'binary', bytes: draft.file.bytes };
  }
  return { kind: 'binary', bytes: draft.binaryInput === 'hex' ? parseHex(draft.text) : parseBase64(draft.text) };
}

/**
 * The draft after choosing another mode or binary input. What was typed is carried over
 * when it reads in both forms (text ↔ hex shows the same bytes); otherwise it is kept as typed.
 */
export function switchDraft(draft: Draft, mode: MessageMode, binaryInput: BinaryInput): Draft {
  const next = { ...draft, mode, binaryInput };
  const from = draft.mode === 'binary' ? draft.binaryInput : 'text';
  const to = mode === 'binary' ? binaryInput : 'text';
  if (draft.text === '' || from === to || from === 'file' || to === 'file') return next;
  const bytes = bytesOrNull({ ...draft, mode: draft.mode === 'json' ? 'text' : draft.mode });
  if (bytes === null) return next;
  if (to === 'text') {
    const text = utf8OrNull(bytes);
    return text === null ? next : { ...next, text };
  }
  return { ...next, text: to === 'hex' ? formatHex(bytes) : bytesToBase64(bytes) };
}

function bytesOrNull(draft: Draft): Uint8Array | null {
  try {
    return encodeDraft(draft).bytes;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch (error) {
    // The fatal decoder throws TypeError for bytes that are not UTF-8.
    if (error instanceof TypeError) return null;
    throw error;
  }
}
