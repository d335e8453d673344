import type { CraftedFrame } from '../../../shared/crafted-frame';
import type { PeerRole } from '../../store/crafter-slice';
import { InputError } from '../session-options/input-error';
import { encodeCraftedFrame, maskKeyFor, type WireFrame } from './encode-crafted';
import { toCraftedFrame, type FrameDraft } from './frame-draft';

/** A draft made concrete: the frame as described, the frame to send, and its bytes; or why not. */
export type CraftedPreview = { frame: CraftedFrame; sent: CraftedFrame; wire: WireFrame; maskKey: string | null } | { error: string };

/**
 * The draft as `role` would send it. A random key is drawn here, not in the main process,
 * and sent as a fixed key, so the bytes that go out are the bytes the preview shows.
 */
export function previewDraft(draft: FrameDraft, role: PeerRole, randomKey: Uint8Array): CraftedPreview {
  try {
    const frame = toCraftedFrame(draft);
    const key = maskKeyFor(frame, role, randomKey);
    const maskKey = key === null ? null : Array.from(key, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const sent: CraftedFrame = { ...frame, mask: maskKey === null ? 'none' : { key: maskKey } };
    return { frame, sent, wire: encodeCraftedFrame(frame, key), maskKey };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message };
    throw error;
  }
}

/** Four random bytes for the next masked frame (RFC 6455 §5.3: unpredictable). */
export function drawMaskKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(4));
}
