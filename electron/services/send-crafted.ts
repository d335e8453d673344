import type { CraftedFrame } from '../../shared/crafted-frame';
import type { Role } from '../protocol/connection';
import { toFrameSpec } from '../protocol/crafted';
import { encodeHeader, type FrameSpec } from '../protocol/frame-encoder';
import { randomMaskKey } from '../protocol/mask-source';
import type { WsSocket } from '../transport/ws-socket';
import { sleep } from './clock';

export interface CraftedStep {
  frame: CraftedFrame;
  /** Wait this long before sending the frame. */
  delayMs?: number;
}

/**
 * Send crafted frames as one run, each exactly as described and unchecked by the
 * protocol (the crafter's path): every step is turned into wire fields before the first
 * goes out, so a step that cannot be encoded refuses the whole run. Resolves with the
 * number of frames sent.
 */
export async function sendCraftedFrames(ws: WsSocket, role: Role, steps: CraftedStep[], isCurrent: () => boolean): Promise<number> {
  const specs = steps.map((step, i) => encodable(step.frame, role, i, steps.length));
  for (let i = 0; i < specs.length; i++) {
    const delay = steps[i].delayMs ?? 0;
    if (delay > 0) await sleep(delay);
    if (!isCurrent() || !canCraft(ws)) throw new Error(`the connection closed after ${i} of ${specs.length} frames`);
    ws.sendRawFrame(specs[i]);
  }
  return specs.length;
}

/** Crafted frames may still go out after a Close frame: sending after Close is itself a test (RFC 6455 §5.5.1). */
export function canCraft(ws: WsSocket): boolean {
  return ws.readyState === 'OPEN' || ws.readyState === 'CLOSING';
}

function encodable(frame: CraftedFrame, role: Role, index: number, count: number): FrameSpec {
  try {
    const spec = toFrameSpec(frame, role, randomMaskKey);
    encodeHeader(spec);
    return spec;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(count === 1 ? `cannot encode this frame: ${message}` : `cannot encode frame ${index + 1} of ${count}: ${message}`, { cause: error });
  }
}

/** "wrote 5 raw bytes: 81 03 68 69 21", capped, for the timeline. */
export function describeRawBytes(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 32), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return `wrote ${bytes.length} raw byte${bytes.length === 1 ? '' : 's'}: ${shown}${bytes.length > 32 ? ' …' : ''}`;
}
