import type { StateCreator } from 'zustand/vanilla';
import { base64ToBytes } from '../api/bytes';
import type { ConnectedApi } from '../api/types';
import type { WorkbenchState } from './workbench-store';

/** capture.payload answers at most this much per call. */
const CALL_BYTES = 16 * 1024 * 1024;
/** Whole payloads kept for the inspector; the least recently loaded go first. */
const CACHE_BYTES = 256 * 1024 * 1024;

export interface PayloadSlice {
  /** Whole payloads fetched on demand, by payloadKey(); outside React, like the timelines. */
  readonly payloads: Map<string, Uint8Array>;
  /** Per payloadKey(): 'loading', or why loading failed. Absent once loaded. */
  payloadLoads: Record<string, string>;
  /** Fetch the whole payloads of these frames (one frame, or a message's fragments). */
  loadPayloads(sessionId: string, seqs: number[]): Promise<void>;
}

export function payloadKey(sessionId: string, seq: number): string {
  return `${sessionId}/${seq}`;
}

/** Payloads larger than the preview load when the inspector asks, in calls of at most 16 MiB. */
export function createPayloadSlice(api: ConnectedApi): StateCreator<WorkbenchState, [], [], PayloadSlice> {
  return (set, get) => {
    const payloads = new Map<string, Uint8Array>();
    let cached = 0;
    const setLoad = (key: string, state: string | null) =>
      set((current) => {
        const payloadLoads = { ...current.payloadLoads };
        if (state === null) delete payloadLoads[key];
        else payloadLoads[key] = state;
        return { payloadLoads };
      });
    const keep = (key: string, bytes: Uint8Array) => {
      payloads.set(key, bytes);
      cached += bytes.length;
      for (const [oldKey, old] of payloads) {
        if (cached <= CACHE_BYTES || oldKey === key) break;
        payloads.delete(oldKey);
        cached -= old.length;
      }
    };
    const fetchWhole = async (sessionId: string, seq: number): Promise<Uint8Array> => {
      const first = await api.call('capture.payload', { sessionId, seq, offset: 0, length: CALL_BYTES });
      const whole = new Uint8Array(first.total);
      let filled = whole.length === 0 ? 0 : write(whole, 0, first.data);
      while (filled < first.total) {
        const next = await api.call('capture.payload', { sessionId, seq, offset: filled, length: Math.min(CALL_BYTES, first.total - filled) });
        filled += write(whole, filled, next.data);
      }
      return whole;
    };
    return {
      payloads,
      payloadLoads: {},
      async loadPayloads(sessionId, seqs) {
        for (const seq of seqs) {
          const key = payloadKey(sessionId, seq);
          if (payloads.has(key) || get().payloadLoads[key] === 'loading') continue;
          setLoad(key, 'loading');
          try {
            keep(key, await fetchWhole(sessionId, seq));
            setLoad(key, null);
          } catch (error) {
            setLoad(key, error instanceof Error ? error.message : String(error));
          }
        }
      },
    };
  };
}

function write(target: Uint8Array, offset: number, base64: string): number {
  const bytes = base64ToBytes(base64);
  if (bytes.length === 0) throw new Error('the main process returned no bytes for a payload it said was longer');
  target.set(bytes.subarray(0, target.length - offset), offset);
  return bytes.length;
}
