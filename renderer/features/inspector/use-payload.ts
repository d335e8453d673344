import { useWorkbench } from '../../app/store-context';
import { payloadKey } from '../../store/payload-slice';
import type { FrameRow, TimelineLog } from '../../store/timeline-log';

/** A payload as the inspector has it: the bytes at hand, and how to get the rest. */
export interface PayloadAtHand {
  bytes: Uint8Array;
  /** `bytes` is everything (the frame's whole payload, or every fragment of the message). */
  complete: boolean;
  /** The size of the whole: the declared length(s). */
  total: number;
  /** Why the rest cannot be had (dropped by the memory bound, a failed load), or null. */
  problem: string | null;
  loading: boolean;
  /** Fetch what is missing from the main process; undefined when nothing can be fetched. */
  load?: () => void;
}

/** The frames' payloads, joined: the whole payload once loaded, else what the timeline kept. */
export function usePayload(sessionId: string, frames: FrameRow[]): PayloadAtHand {
  const payloads = useWorkbench((state) => state.payloads);
  const loads = useWorkbench((state) => state.payloadLoads);
  const loadPayloads = useWorkbench((state) => state.loadPayloads);
  const parts: Uint8Array[] = [];
  const missing: number[] = [];
  let complete = true;
  let total = 0;
  let loading = false;
  let problem: string | null = null;
  for (const frame of frames) {
    total += frame.payloadLength;
    const key = payloadKey(sessionId, frame.seq);
    const loaded = payloads.get(key);
    const state = loads[key];
    if (state === 'loading') loading = true;
    else if (state !== undefined) problem = state;
    if (loaded) parts.push(loaded);
    else {
      parts.push(frame.payload);
      if (!frame.complete) {
        complete = false;
        if (frame.dropped) problem ??= 'the payload was dropped to keep the capture within its memory bound: only the header fields remain';
        else missing.push(frame.seq);
      }
    }
  }
  const bytes = parts.length === 1 ? parts[0] : concat(parts);
  return { bytes, complete, total, problem, loading, load: missing.length > 0 && !loading ? () => void loadPayloads(sessionId, missing) : undefined };
}

/** A fragmented message's frames, in order. */
export function messageFrames(log: TimelineLog, group: number): FrameRow[] {
  return log.groups.rows[group].map((row) => log.rowAt(row) as FrameRow);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
