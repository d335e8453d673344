// Capture entries as the main process sends them, built from a frame's wire bytes the way
// RFC 6455 §5.7 writes its examples, for the timeline's and the inspector's tests.
import type { FrameEntry, LifecycleEntry } from '../../shared/capture';

/**
 * The entry for one frame given as its exact bytes on the wire (`hex`, spaces allowed),
 * the way the capture records it: header fields, header hex, unmasked payload in base64.
 */
export function frameFromWire(seq: number, hex: string, direction: 'in' | 'out' = 'in', extra: Partial<FrameEntry> = {}): FrameEntry {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  const masked = (bytes[1] & 0x80) !== 0;
  const length7 = bytes[1] & 0x7f;
  const extension = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
  const payloadLength = extension === 2 ? bytes.readUInt16BE(2) : extension === 8 ? Number(bytes.readBigUInt64BE(2)) : length7;
  const headerLength = 2 + extension + (masked ? 4 : 0);
  const key = masked ? bytes.subarray(2 + extension, headerLength) : null;
  const payload = Buffer.from(bytes.subarray(headerLength));
  if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
  return {
    kind: 'frame',
    seq,
    time: 1_700_000_000_000_000 + seq * 1000,
    direction,
    fin: (bytes[0] & 0x80) !== 0,
    rsv1: (bytes[0] & 0x40) !== 0,
    rsv2: (bytes[0] & 0x20) !== 0,
    rsv3: (bytes[0] & 0x10) !== 0,
    opcode: bytes[0] & 0x0f,
    masked,
    maskKey: key ? key.toString('hex') : null,
    payloadLength,
    lengthForm: extension === 2 ? 16 : extension === 8 ? 64 : 7,
    header: bytes.subarray(0, headerLength).toString('hex'),
    preview: payload.toString('base64'),
    complete: payload.length === payloadLength,
    dropped: false,
    crafted: false,
    ...extra,
  };
}

/** An unmasked frame from its fields, for tests that care about what it says, not its bytes. */
export function frame(seq: number, opcode: number, payload: string | Buffer, { fin = true, direction = 'in' as 'in' | 'out' } = {}): FrameEntry {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.from([(fin ? 0x80 : 0) | opcode, bytes.length < 126 ? bytes.length : 126]);
  const extension = bytes.length < 126 ? Buffer.alloc(0) : Buffer.from([bytes.length >> 8, bytes.length & 0xff]);
  return frameFromWire(seq, Buffer.concat([head, extension, bytes]).toString('hex'), direction);
}

export function event(seq: number, name: LifecycleEntry['event'], text: string): LifecycleEntry {
  return { kind: 'event', seq, time: 1_700_000_000_000_000 + seq * 1000, event: name, text };
}
