import type { LengthForm } from '../../shared/frame-record';
import { maskedCopy } from './mask';

/**
 * What to put on the wire. Defaults give a valid frame; every field can be set to
 * anything the header can carry, so the crafter can write invalid frames on purpose.
 */
export interface FrameSpec {
  opcode: number;
  payload: Uint8Array;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** A 4-byte masking key; null or absent for an unmasked frame. */
  maskKey?: Uint8Array | null;
  /** The length form to write; the minimal one by default (RFC 6455 §5.2). */
  lengthForm?: LengthForm;
  /** A length that differs from the payload's, to lie to the peer. */
  declaredLength?: number | bigint;
}

export function minimalLengthForm(length: number): LengthForm {
  return length <= 125 ? 7 : length <= 0xffff ? 16 : 64;
}

/** The frame header bytes for `spec` (RFC 6455 §5.2). */
export function encodeHeader(spec: FrameSpec): Buffer {
  const declared = BigInt(spec.declaredLength ?? spec.payload.length);
  const form = spec.lengthForm ?? minimalLengthForm(Number(declared));
  const extra = form === 7 ? 0 : form === 16 ? 2 : 8;
  const key = spec.maskKey ?? null;
  if (key !== null && key.length !== 4) throw new RangeError('a masking key is exactly 4 bytes');
  if (spec.opcode < 0 || spec.opcode > 15 || !Number.isInteger(spec.opcode)) throw new RangeError('an opcode is a number from 0 to 15');
  const max = form === 7 ? 125n : form === 16 ? 0xffffn : 0xffffffffffffffffn;
  if (declared < 0n || declared > max) throw new RangeError(`a length of ${declared} does not fit the ${form}-bit form`);

  const header = Buffer.allocUnsafe(2 + extra + (key ? 4 : 0));
  header[0] = (spec.fin === false ? 0 : 0x80) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | spec.opcode;
  const maskBit = key ? 0x80 : 0;
  if (form === 7) header[1] = maskBit | Number(declared);
  else if (form === 16) {
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(declared), 2);
  } else {
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(declared, 2);
  }
  if (key) header.set(key, 2 + extra);
  return header;
}

/**
 * A frame as `[header, payload]`, ready for a corked write. A masked payload is a
 * masked copy; the caller's bytes are never touched.
 */
export function encodeFrame(spec: FrameSpec): [Buffer, Uint8Array] {
  const header = encodeHeader(spec);
  return [header, spec.maskKey ? maskedCopy(spec.payload, spec.maskKey) : spec.payload];
}
