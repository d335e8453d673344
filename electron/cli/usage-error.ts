/** A mistake in how wsb was called: printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseByteCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive whole number of bytes, not ${JSON.stringify(value)}`);
  return n;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || value.trim() === '') throw new UsageError(`--port takes a number from 0 to 65535, not ${JSON.stringify(value)}`);
  return n;
}

/** "Name: value" from -H. */
export function parseHeader(value: string): [string, string] {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new UsageError(`-H takes "Name: value", not ${JSON.stringify(value)}`);
  return [value.slice(0, colon).trim(), value.slice(colon + 1).trim()];
}
