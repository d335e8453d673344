import type { CraftedFrame } from '../../../shared/crafted-frame';
import { parseMaskKey } from '../../../shared/crafted-frame';
import type { LengthForm } from '../../../shared/frame-record';
import { base64ToBytes } from '../../api/bytes';
import type { PeerRole } from '../../store/crafter-slice';
import { InputError } from '../session-options/input-error';

/** A crafted frame's bytes on the wire, and where its header ends. */
export interface WireFrame {
  bytes: Uint8Array;
  headerLength: number;
}

// RFC 6455 §5.2: the largest length each form of the length field can carry.
const FORM_MAX: Record<LengthForm, bigint> = { 7: 125n, 16: 0xffffn, 64: 0xffffffffffffffffn };

/** The masking key `frame` is sent with from `role`'s side; `randomKey` stands for a random one. */
export function maskKeyFor(frame: CraftedFrame, role: PeerRole, randomKey: Uint8Array): Uint8Array | null {
  if (frame.mask === 'none') return null;
  if (frame.mask === 'random') return randomKey;
  if (frame.mask === 'role') return role === 'client' ? randomKey : null;
  return parseMaskKey(frame.mask.key);
}

/**
 * The exact bytes the main process writes for `frame` with this masking key (RFC 6455
 * §5.2, masking §5.3), for the preview. Throws InputError for a length its form cannot carry.
 */
export function encodeCraftedFrame(frame: CraftedFrame, maskKey: Uint8Array | null): WireFrame {
  const payload = base64ToBytes(frame.payload);
  const declared = frame.length.form !== 'auto' && frame.length.value !== undefined && frame.length.value !== '' ? BigInt(frame.length.value) : BigInt(payload.length);
  const form = frame.length.form === 'auto' ? minimalForm(payload.length) : frame.length.form;
  if (declared > FORM_MAX[form]) {
    const what = declared === BigInt(payload.length) ? `A ${payload.length}-byte payload` : `A declared length of ${declared}`;
    throw new InputError(`${what} does not fit the ${form}-bit length field (at most ${FORM_MAX[form]}).`);
  }
  const headerLength = 2 + (form === 16 ? 2 : form === 64 ? 8 : 0) + (maskKey ? 4 : 0);
  const bytes = new Uint8Array(headerLength + payload.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = (frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0) | frame.opcode;
  const maskBit = maskKey ? 0x80 : 0;
  if (form === 7) bytes[1] = maskBit | Number(declared);
  else if (form === 16) {
    bytes[1] = maskBit | 126;
    view.setUint16(2, Number(declared));
  } else {
    bytes[1] = maskBit | 127;
    view.setBigUint64(2, declared);
  }
  if (maskKey) bytes.set(maskKey, headerLength - 4);
  for (let i = 0; i < payload.length; i++) bytes[headerLength + i] = maskKey ? payload[i] ^ maskKey[i % 4] : payload[i];
  return { bytes, headerLength };
}

function minimalForm(length: number): LengthForm {
  return length <= 125 ? 7 : length <= 0xffff ? 16 : 64;
}
