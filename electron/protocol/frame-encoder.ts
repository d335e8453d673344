import type { LengthForm } from '../../shared/frame-record';
import { bufferView } from './buffer-view';
import { maskInto } from './mask';

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
  const key = spec.maskKey ?? null;
  const form = checkSpec(spec, key);
  const header = Buffer.allocUnsafe(headerSize(form, key));
  writeHeader(spec, form, key, header, 0);
  return header;
}

/**
 * A frame as `[header, payload]`, ready for a corked write. A masked payload is a
 * masked copy; the caller's bytes are never touched. A masked frame is built in one
 * allocation, the header and the payload being adjacent views of it, so the transport
 * can write it in one piece.
 */
export function encodeFrame(spec: FrameSpec): [Buffer, Uint8Array] {
  const key = spec.maskKey ?? null;
  const form = checkSpec(spec, key);
  const size = headerSize(form, key);
  if (key === null) {
    const header = Buffer.allocUnsafe(size);
    writeHeader(spec, form, key, header, 0);
    return [header, spec.payload];
  }
  const { payload } = spec;
  const frame = Buffer.allocUnsafe(size + payload.length);
  writeHeader(spec, form, key, frame, 0);
  maskInto(payload, key, frame, size);
  return [bufferView(frame, 0, size), bufferView(frame, size, frame.length)];
}

/** Validate `spec` and return the length form to write. Throws RangeError. */
function checkSpec(spec: FrameSpec, key: Uint8Array | null): LengthForm {
  if (spec.declaredLength !== undefined) return checkDeclared(spec, key);
  // The usual case: the payload's own length, a safe integer, so no BigInt is needed.
  const length = spec.payload.length;
  const form = spec.lengthForm ?? minimalLengthForm(length);
  checkKeyAndOpcode(spec, key);
  if ((form === 7 && length > 125) || (form === 16 && length > 0xffff)) throw new RangeError(`a length of ${length} does not fit the ${form}-bit form`);
  return form;
}

/** A length given on purpose, possibly a lie or a bigint: checked exactly, as a BigInt. */
function checkDeclared(spec: FrameSpec, key: Uint8Array | null): LengthForm {
  const declared = BigInt(spec.declaredLength ?? spec.payload.length);
  const form = spec.lengthForm ?? minimalLengthForm(Number(declared));
  checkKeyAndOpcode(spec, key);
  const max = form === 7 ? 125n : form === 16 ? 0xffffn : 0xffffffffffffffffn;
  if (declared < 0n || declared > max) throw new RangeError(`a length of ${declared} does not fit the ${form}-bit form`);
  return form;
}

function checkKeyAndOpcode(spec: FrameSpec, key: Uint8Array | null): void {
  if (key !== null && key.length !== 4) throw new RangeError('a masking key is exactly 4 bytes');
  if (spec.opcode < 0 || spec.opcode > 15 || !Number.isInteger(spec.opcode)) throw new RangeError('an opcode is a number from 0 to 15');
}

function headerSize(form: LengthForm, key: Uint8Array | null): number {
  return 2 + (form === 7 ? 0 : form === 16 ? 2 : 8) + (key ? 4 : 0);
}

/** Write the header of a checked spec at `at`. */
function writeHeader(spec: FrameSpec, form: LengthForm, key: Uint8Array | null, out: Buffer, at: number): void {
  out[at] = (spec.fin === false ? 0 : 0x80) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | spec.opcode;
  const maskBit = key ? 0x80 : 0;
  const declared = spec.declaredLength ?? spec.payload.length;
  let end = at + 2;
  if (form === 7) out[at + 1] = maskBit | Number(declared);
  else if (form === 16) {
    out[at + 1] = maskBit | 126;
    out.writeUInt16BE(Number(declared), at + 2);
    end += 2;
  } else {
    out[at + 1] = maskBit | 127;
    if (typeof declared === 'bigint') out.writeBigUInt64BE(declared, at + 2);
    else {
      // A checked number is an integer below 2^64, so both 32-bit halves come out exact.
      out.writeUInt32BE(Math.floor(declared / 0x100000000), at + 2);
      out.writeUInt32BE(declared >>> 0, at + 6);
    }
    end += 8;
  }
  if (key) {
    out[end] = key[0];
    out[end + 1] = key[1];
    out[end + 2] = key[2];
    out[end + 3] = key[3];
  }
}
