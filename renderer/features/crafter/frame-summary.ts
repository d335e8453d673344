import type { CraftedFrame } from '../../../shared/crafted-frame';
import { formatFrame } from '../../../shared/frame-record';
import { base64ToBytes } from '../../api/bytes';
import type { PeerRole } from '../../store/crafter-slice';

/** One line for a crafted frame in a list, through the same formatFrame() as the timeline. */
export function summarizeFrame(frame: CraftedFrame, role: PeerRole): string {
  const payload = base64ToBytes(frame.payload);
  const masked = frame.mask === 'role' ? role === 'client' : frame.mask !== 'none';
  const declared = frame.length.form !== 'auto' && frame.length.value ? Number(frame.length.value) : payload.length;
  const lengthForm = frame.length.form === 'auto' ? 7 : frame.length.form;
  return formatFrame({ ...frame, masked, maskKey: null, payloadLength: declared, lengthForm, payload });
}
