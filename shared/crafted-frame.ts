import type { LengthForm } from './frame-record';

/**
 * A frame as the crafter describes it: every header field settable, valid or not.
 * Serialisable (it is saved in workspaces and crosses IPC); the main process turns it
 * into wire bytes exactly as described.
 */
export interface CraftedFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  /** Any 4-bit opcode, reserved ones included. */
  opcode: number;
  /** 'role': masked with a random key when sent by a client, unmasked by a server (valid). */
  mask: 'role' | 'random' | 'none' | { key: string };
  /** The payload, base64. */
  payload: string;
  /** The length field: the minimal form, a chosen form, or a chosen form with a value that lies. */
  length: { form: 'auto' } | { form: LengthForm; value?: string };
}

/** A valid frame to start crafting from. */
export function defaultCraftedFrame(): CraftedFrame {
  return { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 0x1, mask: 'role', payload: '', length: { form: 'auto' } };
}

/** "0123abcd" for a masking key; throws for anything else. */
export function parseMaskKey(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]{8}$/.test(clean)) throw new Error(`a masking key is 4 bytes written as 8 hex digits, not ${JSON.stringify(hex)}`);
  return Uint8Array.from({ length: 4 }, (_, i) => parseInt(clean.slice(i * 2, i * 2 + 2), 16));
}
