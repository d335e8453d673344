import type { SavedMessage } from '../../../shared/workspace';
import { bytesToBase64 } from '../../api/bytes';
import { InputError } from '../session-options/input-error';
import { formatHex } from './binary-text';
import type { Draft } from './message-body';

const encoder = new TextEncoder();

/** "auth/login" → folder "auth", name "login": a slash files a message in a folder. */
export function splitSavedName(path: string): { folder: string; name: string } {
  const parts = path
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const name = parts.pop();
  if (name === undefined) throw new InputError('Name the message to save it, e.g. "login" or "auth/login".');
  return { folder: parts.join('/'), name };
}

/** The draft in the saved-message shape the workspace file keeps. */
export function draftToSaved(draft: Draft, path: string): Omit<SavedMessage, 'id'> {
  const { folder, name } = splitSavedName(path);
  if (draft.mode !== 'binary') return { folder, name, kind: draft.mode, encoding: 'utf8', body: draft.text };
  if (draft.binaryInput !== 'file') return { folder, name, kind: 'binary', encoding: draft.binaryInput, body: draft.text };
  if (!draft.file) throw new InputError('Choose a file before saving it as a message.');
  return { folder, name, kind: 'binary', encoding: 'base64', body: bytesToBase64(draft.file.bytes) };
}

export function savedToDraft(saved: SavedMessage): Draft {
  if (saved.kind !== 'binary') return { mode: saved.kind, binaryInput: 'hex', text: saved.body, file: null };
  if (saved.encoding === 'utf8') return { mode: 'binary', binaryInput: 'hex', text: formatHex(encoder.encode(saved.body)), file: null };
  return { mode: 'binary', binaryInput: saved.encoding, text: saved.body, file: null };
}

/** "auth/login", as the list shows it. */
export function savedPath(saved: SavedMessage): string {
  return saved.folder === '' ? saved.name : `${saved.folder}/${saved.name}`;
}
