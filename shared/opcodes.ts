// RFC 6455 §5.2 and §11.8: the frame opcodes.
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

const names: Record<number, string> = {
  0x0: 'continuation',
  0x1: 'text',
  0x2: 'binary',
  0x8: 'close',
  0x9: 'ping',
  0xa: 'pong',
};

/** A name for any 4-bit opcode; reserved ones are named by their range (§5.2). */
export function opcodeName(opcode: number): string {
  const name = names[opcode];
  if (name !== undefined) return name;
  return isControlOpcode(opcode) ? `reserved-control-0x${opcode.toString(16)}` : `reserved-data-0x${opcode.toString(16)}`;
}

/** Control frames have the high bit of the opcode set (§5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** §5.2: %x3-7 and %xB-F are reserved for further frames. */
export function isReservedOpcode(opcode: number): boolean {
  return names[opcode] === undefined;
}
