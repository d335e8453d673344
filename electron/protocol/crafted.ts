import type { CraftedFrame } from '../../shared/crafted-frame';
import { parseMaskKey } from '../../shared/crafted-frame';
import type { Role } from './connection';
import type { FrameSpec } from './frame-encoder';

/** The exact frame a crafted description stands for, from `role`'s side. */
export function toFrameSpec(crafted: CraftedFrame, role: Role, randomKey: () => Uint8Array): FrameSpec {
  if (!Number.isInteger(crafted.opcode) || crafted.opcode < 0 || crafted.opcode > 15) throw new RangeError(`an opcode is a number from 0 to 15, not ${crafted.opcode}`);
  const maskKey =
    crafted.mask === 'none' ? null : crafted.mask === 'random' ? randomKey() : crafted.mask === 'role' ? (role === 'client' ? randomKey() : null) : parseMaskKey(crafted.mask.key);
  const payload = Buffer.from(crafted.payload, 'base64');
  const spec: FrameSpec = { opcode: crafted.opcode, payload, fin: crafted.fin, rsv1: crafted.rsv1, rsv2: crafted.rsv2, rsv3: crafted.rsv3, maskKey };
  if (crafted.length.form !== 'auto') {
    spec.lengthForm = crafted.length.form;
    if (crafted.length.value !== undefined && crafted.length.value !== '') {
      if (!/^\d{1,20}$/.test(crafted.length.value)) throw new RangeError(`a length is a whole number, not ${JSON.stringify(crafted.length.value)}`);
      spec.declaredLength = BigInt(crafted.length.value);
    }
  }
  return spec;
}
