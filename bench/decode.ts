import { randomBytes } from 'node:crypto';
import { ServerConnection } from '../electron/protocol/server-connection';
import { Receiver } from './ws-internals';
import { calibrate, interleave, now, type Pair } from './stats';

/** Socket reads on Linux arrive in chunks of up to 64 KiB: feed both decoders the same way. */
const CHUNK = 64 * 1024;
/** Payload bytes per pass. */
const PASS_BYTES = 16 * 1024 * 1024;

export const DECODE_SIZES = [
  { label: '64 B', size: 64 },
  { label: '16 KiB', size: 16 * 1024 },
  { label: '1 MiB', size: 1024 * 1024 },
];

const UPGRADE_REQUEST = Buffer.from(
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  'latin1',
);

interface Input {
  chunks: Buffer[];
  frames: number;
  payloadBytes: number;
}

/** Masked binary frames (FIN, minimal length form, a random non-zero key each), cut in 64 KiB reads. */
function buildInput(size: number): Input {
  const frames = Math.max(1, Math.floor(PASS_BYTES / size));
  const extra = size <= 125 ? 0 : size <= 0xffff ? 2 : 8;
  const frameLength = 2 + extra + 4 + size;
  const wire = Buffer.allocUnsafe(frames * frameLength);
  const payload = randomBytes(size);
  let at = 0;
  for (let f = 0; f < frames; f++) {
    wire[at] = 0x82;
    if (extra === 0) wire[at + 1] = 0x80 | size;
    else if (extra === 2) {
      wire[at + 1] = 0x80 | 126;
      wire.writeUInt16BE(size, at + 2);
    } else {
      wire[at + 1] = 0x80 | 127;
      wire.writeBigUInt64BE(BigInt(size), at + 2);
    }
    const keyAt = at + 2 + extra;
    const key = randomBytes(4);
    key[0] |= 1; // never the all-zero key, which ws skips unmasking for
    key.copy(wire, keyAt);
    for (let i = 0; i < size; i++) wire[keyAt + 4 + i] = payload[i] ^ key[i & 3];
    at += frameLength;
  }
  const chunks: Buffer[] = [];
  for (let start = 0; start < wire.length; start += CHUNK) chunks.push(wire.subarray(start, Math.min(wire.length, start + CHUNK)));
  return { chunks, frames, payloadBytes: frames * size };
}

/** Feed `reps` passes to a fresh server-role Connection (after its opening handshake); ms elapsed. */
function decodeOurs(input: Input, reps: number): number {
  let messages = 0;
  let failure: Error | null = null;
  const connection = new ServerConnection(
    {},
    {
      write: () => undefined,
      end: () => undefined,
      message: () => void messages++,
      error: (error) => void (failure = error),
    },
  );
  connection.receiveData(Buffer.from(UPGRADE_REQUEST));
  if (connection.readyState !== 'OPEN') throw new Error('ours: the bench handshake failed');
  const start = now();
  for (let r = 0; r < reps; r++) for (const chunk of input.chunks) connection.receiveData(chunk);
  const elapsed = now() - start;
  if (failure) throw failure;
  if (messages !== input.frames * reps) throw new Error(`ours: ${messages} messages decoded, expected ${input.frames * reps}`);
  return elapsed;
}

/** The same passes through ws's Receiver in server mode, with ws's default 100 MiB maxPayload. */
function decodeWs(input: Input, reps: number): number {
  let messages = 0;
  let failure: Error | null = null;
  const receiver = new Receiver({ isServer: true, maxPayload: 100 * 1024 * 1024, binaryType: 'nodebuffer' });
  receiver.on('message', () => void messages++);
  receiver.on('error', (error) => void (failure = error));
  const start = now();
  for (let r = 0; r < reps; r++) for (const chunk of input.chunks) receiver.write(chunk);
  const elapsed = now() - start;
  if (failure) throw failure;
  if (messages !== input.frames * reps) throw new Error(`ws: ${messages} messages decoded, expected ${input.frames * reps}`);
  return elapsed;
}

export interface ThroughputResult {
  label: string;
  /** Median MB/s (10^6 bytes of payload per second). */
  mbps: Pair;
}

export async function runDecode(samples: number, targetMs: number, onRow: (row: ThroughputResult) => void): Promise<void> {
  for (const { label, size } of DECODE_SIZES) {
    const input = buildInput(size);
    // Warm-up, then size the passes on ws so both sides do the same bytes.
    decodeOurs(input, 2);
    decodeWs(input, 2);
    const reps = calibrate((n) => decodeWs(input, n), targetMs, 64);
    const mbps = await interleave(samples, (side) => {
      const ms = side === 'ours' ? decodeOurs(input, reps) : decodeWs(input, reps);
      return (input.payloadBytes * reps) / 1000 / ms;
    });
    onRow({ label, mbps });
  }
}
