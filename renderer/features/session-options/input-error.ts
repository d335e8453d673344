/** A form value the user must fix, in one sentence; shown as a notice, never as a stack. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * A whole number typed in a field, or undefined when the field is blank (the option is
 * left to its default). Throws InputError naming the field for anything else.
 */
export function wholeNumber(text: string, label: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    throw new InputError(`${label} is a whole number from ${min} to ${max}, not "${trimmed}".`);
  }
  return value;
}

/** "chat, superchat" → ["chat", "superchat"]; undefined when blank. */
export function commaList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

const encoder = new TextEncoder();

/** How many bytes a string takes on the wire (WebSocket text is UTF-8, RFC 6455 §5.6). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
