import { randomBytes } from 'node:crypto';
import { applyMask, maskedCopy } from '../electron/protocol/mask';
import { wsBufferUtil } from './ws-internals';
import { calibrate, interleave, now } from './stats';
import type { ThroughputResult } from './decode';

export const MASK_SIZES = [
  { label: '64 B', size: 64 },
  { label: '16 KiB', size: 16 * 1024 },
  { label: '1 MiB', size: 1024 * 1024 },
];

/** Bytes masked per repetition, whatever the buffer size. */
const REP_BYTES = 1024 * 1024;

/**
 * A payload as it sits in a socket read: 2 bytes past a word boundary, as after a
 * 14-byte header (both sides get the same buffer).
 */
function payloadBuffer(size: number): Buffer {
  return randomBytes(size + 2).subarray(2);
}

/** Both implementations must produce the same bytes before their speed means anything. */
function checkSameResult(data: Buffer, key: Buffer): void {
  const wsOut = Buffer.allocUnsafe(data.length);
  wsBufferUtil.mask(data, key, wsOut, 0, data.length);
  if (!maskedCopy(data, key).equals(wsOut)) throw new Error('maskedCopy and ws mask disagree');
  const a = Buffer.from(data);
  const b = Buffer.from(data);
  applyMask(a, key);
  wsBufferUtil.unmask(b, key);
  if (!a.equals(b) || !a.equals(wsOut)) throw new Error('applyMask and ws unmask disagree');
}

type Kernel = (reps: number) => void;

async function row(label: string, size: number, ours: Kernel, ws: Kernel, samples: number, targetMs: number): Promise<ThroughputResult> {
  ours(4);
  ws(4);
  const reps = calibrate(ws, targetMs, 10_000);
  const perRep = Math.max(1, Math.floor(REP_BYTES / size)) * size;
  const mbps = await interleave(samples, (side) => {
    const start = now();
    (side === 'ours' ? ours : ws)(reps);
    return (perRep * reps) / 1000 / (now() - start);
  });
  return { label, mbps };
}

export async function runMask(samples: number, targetMs: number, onRow: (row: ThroughputResult) => void): Promise<void> {
  const key = randomBytes(4);
  key[0] |= 1;
  for (const { label, size } of MASK_SIZES) {
    const inner = Math.max(1, Math.floor(REP_BYTES / size));
    const data = payloadBuffer(size);
    checkSameResult(data, key);
    const inPlaceOurs: Kernel = (reps) => {
      for (let r = 0; r < reps; r++) for (let i = 0; i < inner; i++) applyMask(data, key);
    };
    const inPlaceWs: Kernel = (reps) => {
      for (let r = 0; r < reps; r++) for (let i = 0; i < inner; i++) wsBufferUtil.unmask(data, key);
    };
    onRow(await row(`unmask in place ${label}`, size, inPlaceOurs, inPlaceWs, samples, targetMs));

    let sink = 0;
    const copyOurs: Kernel = (reps) => {
      for (let r = 0; r < reps; r++) for (let i = 0; i < inner; i++) sink ^= maskedCopy(data, key)[size - 1];
    };
    const copyWs: Kernel = (reps) => {
      for (let r = 0; r < reps; r++)
        for (let i = 0; i < inner; i++) {
          const out = Buffer.allocUnsafe(size);
          wsBufferUtil.mask(data, key, out, 0, size);
          sink ^= out[size - 1];
        }
    };
    onRow(await row(`masked copy ${label}`, size, copyOurs, copyWs, samples, targetMs));
    if (sink > 255) console.log(sink); // never true (a byte): it only keeps the masked bytes observable
  }
}
