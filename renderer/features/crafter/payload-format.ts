import { base64ToBytes, bytesToBase64 } from '../../api/bytes';
import { InputError } from '../session-options/input-error';

/** How the payload box is written. */
export type PayloadFormat = 'text' | 'hex' | 'base64';

export const PAYLOAD_FORMATS: readonly { format: PayloadFormat; label: string }[] = [
  { format: 'text', label: 'Text (UTF-8)' },
  { format: 'hex', label: 'Hex' },
  { format: 'base64', label: 'Base64' },
];

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** "81 05 48 65" (whitespace anywhere) → bytes; throws InputError naming `what`. */
export function parseHex(text: string, what: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new InputError(`${what} is written as pairs of hex digits, such as "81 05 48 65".`);
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
}

/** Bytes as lower-case hex pairs separated by spaces. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** The payload box's bytes; throws InputError when they are not written in `format`. */
export function parsePayload(text: string, format: PayloadFormat): Uint8Array {
  if (format === 'text') return encoder.encode(text);
  if (format === 'hex') return parseHex(text, 'A hex payload');
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new InputError('A base64 payload uses A-Z, a-z, 0-9, + and / in groups of four, padded with =.');
  return base64ToBytes(clean);
}

/** Bytes written in `format`; throws InputError for bytes that are not UTF-8 text. */
export function formatPayload(bytes: Uint8Array, format: PayloadFormat): string {
  if (format === 'hex') return toHex(bytes);
  if (format === 'base64') return bytesToBase64(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InputError('These bytes are not valid UTF-8, so they stay as hex or base64.');
  }
}

/** The format that shows `bytes` best: text when they are readable UTF-8, hex otherwise. */
export function readableFormat(bytes: Uint8Array): PayloadFormat {
  // Control characters other than tab and newlines read badly in a text box; in UTF-8 they are always single bytes.
  if (bytes.some((byte) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f)) return 'hex';
  try {
    strictUtf8.decode(bytes);
    return 'text';
  } catch {
    // Not UTF-8: hex shows the bytes as they are.
    return 'hex';
  }
}

/** How many bytes the payload box holds, or null while it is not written in `format`. */
export function payloadSize(text: string, format: PayloadFormat): number | null {
  try {
    return parsePayload(text, format).length;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}
