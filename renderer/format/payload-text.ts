const decoder = new TextDecoder();

/** Control characters drawn as their Unicode "control pictures", so a row stays one line. */
const PICTURES: Record<string, string> = { '\n': '␊', '\r': '␍', '\t': '␉' };

/** Up to `max` characters of a payload as text for one line, control characters made visible. */
export function lineText(bytes: Uint8Array, max: number): string {
  return visibleLine(decoder.decode(bytes.subarray(0, max * 4)), max);
}

/** Up to `max` characters of `text` on one line, control characters drawn as their pictures. */
export function visibleLine(text: string, max: number): string {
  const line = text.length > max ? text.slice(0, max) : text;
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return line.replace(/[\u0000-\u001f\u007f]/g, (char) => PICTURES[char] ?? String.fromCharCode(0x2400 + (char === '\u007f' ? 0x21 : char.charCodeAt(0))));
}

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** "0a 1b 2c …", at most `max` bytes. */
export function hexLine(bytes: Uint8Array, max: number): string {
  const shown = Array.from(bytes.subarray(0, max), byteHex).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}

export function byteHex(byte: number): string {
  return byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
}

/** Hex digits, two per byte, no spaces. */
export function toHexString(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byteHex(byte);
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Mostly printable ASCII: worth showing as text rather than hex (a ping's payload, say). */
export function looksPrintable(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const byte of bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) printable++;
  return printable / bytes.length > 0.9;
}

/** "1,234": byte counts and row numbers with thousands separators (toLocaleString is slow enough to show in a profile). */
export function count(value: number): string {
  const digits = String(value);
  if (value < 1000 || !Number.isInteger(value)) return digits;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return out;
}

/** "512 B", "1.5 KiB", "3.2 MiB". */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
