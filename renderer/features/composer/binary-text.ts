import { base64ToBytes } from '../../api/bytes';
import { InputError } from '../session-options/input-error';

const HEX_BYTES_PER_LINE = 16;

/** "48 65 6c\n6c 6f" → bytes; spaces and line breaks anywhere. Throws InputError naming the first bad character. */
export function parseHex(text: string): Uint8Array {
  const bad = /[^0-9a-fA-F\s]/.exec(text);
  if (bad) throw new InputError(`"${bad[0]}" is not a hex digit (${position(text, bad.index)}).`);
  const digits = text.replace(/\s+/g, '');
  if (digits.length % 2 !== 0) throw new InputError(`Hex needs two digits per byte: ${digits.length} digits were typed.`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Standard or URL-safe base64, padded or not, with line breaks allowed (RFC 4648 §4, §5). */
export function parseBase64(text: string): Uint8Array {
  const bad = /[^A-Za-z0-9+/\-_=\s]/.exec(text);
  if (bad) throw new InputError(`"${bad[0]}" is not a base64 character (${position(text, bad.index)}).`);
  const compact = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const body = compact.replace(/=+$/, '');
  if (body.includes('=') || compact.length - body.length > 2 || body.length % 4 === 1) {
    throw new InputError('This is not valid base64: "=" may only pad the end, and the length does not fit whole bytes.');
  }
  return base64ToBytes(body.padEnd(Math.ceil(body.length / 4) * 4, '='));
}

/** Bytes as hex pairs, sixteen to a line. */
export function formatHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += HEX_BYTES_PER_LINE) {
    lines.push(Array.from(bytes.subarray(i, i + HEX_BYTES_PER_LINE), (byte) => byte.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

function position(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}
