import type { CraftedFrame } from '../../../shared/crafted-frame';
import type { LengthForm } from '../../../shared/frame-record';
import { base64ToBytes, bytesToBase64 } from '../../api/bytes';
import type { PeerRole } from '../../store/crafter-slice';
import { InputError } from '../session-options/input-error';
import { formatPayload, parsePayload, readableFormat, type PayloadFormat } from './payload-format';

/** The crafter's form as typed: half-typed keys, payloads and lengths are kept until sent. */
export interface FrameDraft {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  /** 'role': masked when a client sends it, not when a server does (the valid choice). */
  mask: 'role' | 'on' | 'off';
  /** 8 hex digits; blank for a random key. */
  maskKey: string;
  payloadFormat: PayloadFormat;
  payload: string;
  lengthForm: 'auto' | LengthForm;
  /** The length the header declares; blank for the payload's own length. */
  declaredLength: string;
}

export const DEFAULT_DRAFT: FrameDraft = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 0x1,
  mask: 'role',
  maskKey: '',
  payloadFormat: 'text',
  payload: '',
  lengthForm: 'auto',
  declaredLength: '',
};

/** Whether the frame goes out masked when `role` sends it. */
export function isMasked(draft: FrameDraft, role: PeerRole): boolean {
  return draft.mask === 'on' || (draft.mask === 'role' && role === 'client');
}

/** The frame the draft describes; throws InputError for the first field to fix. */
export function toCraftedFrame(draft: FrameDraft): CraftedFrame {
  const { fin, rsv1, rsv2, rsv3, opcode } = draft;
  const payload = bytesToBase64(parsePayload(draft.payload, draft.payloadFormat));
  return { fin, rsv1, rsv2, rsv3, opcode, mask: craftedMask(draft), payload, length: craftedLength(draft) };
}

/** A saved or library frame back in the form, its payload in the format that reads best. */
export function toDraft(frame: CraftedFrame): FrameDraft {
  const bytes = base64ToBytes(frame.payload);
  const payloadFormat = readableFormat(bytes);
  const { fin, rsv1, rsv2, rsv3, opcode } = frame;
  const mask = frame.mask === 'role' ? 'role' : frame.mask === 'none' ? 'off' : 'on';
  const maskKey = typeof frame.mask === 'object' ? frame.mask.key : '';
  const lengthForm = frame.length.form;
  const declaredLength = frame.length.form === 'auto' ? '' : (frame.length.value ?? '');
  return { fin, rsv1, rsv2, rsv3, opcode, mask, maskKey, payloadFormat, payload: formatPayload(bytes, payloadFormat), lengthForm, declaredLength };
}

function craftedMask(draft: FrameDraft): CraftedFrame['mask'] {
  if (draft.mask !== 'on') return draft.mask === 'role' ? 'role' : 'none';
  const key = draft.maskKey.replace(/\s+/g, '');
  if (key === '') return 'random';
  if (!/^[0-9a-fA-F]{8}$/.test(key)) throw new InputError(`The masking key is 4 bytes written as 8 hex digits, such as 37fa213d, not "${draft.maskKey}".`);
  return { key: key.toLowerCase() };
}

function craftedLength(draft: FrameDraft): CraftedFrame['length'] {
  if (draft.lengthForm === 'auto') return { form: 'auto' };
  const value = draft.declaredLength.trim();
  if (value === '') return { form: draft.lengthForm };
  if (!/^\d{1,20}$/.test(value)) throw new InputError(`The declared length is a whole number of bytes, not "${value}".`);
  return { form: draft.lengthForm, value };
}
