import type { Frame } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import { opcodeName } from '../../shared/opcodes';
import type { CloseEvent } from '../protocol/connection';

/** The machine-readable timeline: one JSON object per line (`--json`). */
export type JsonLine = Record<string, unknown>;

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'));

/** Microseconds since the epoch, as the timeline records them. */
export function timestampMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function frameLine(direction: 'in' | 'out', frame: Frame, crafted: boolean): JsonLine {
  const payload = Buffer.from(frame.payload.buffer, frame.payload.byteOffset, frame.payload.length);
  return {
    type: 'frame',
    time: timestampMicros(),
    direction,
    fin: frame.fin,
    rsv1: frame.rsv1,
    rsv2: frame.rsv2,
    rsv3: frame.rsv3,
    opcode: frame.opcode,
    opcodeName: opcodeName(frame.opcode),
    masked: frame.masked,
    maskKey: hex(frame.maskKey),
    payloadLength: frame.payloadLength,
    lengthForm: frame.lengthForm,
    header: hex(frame.header),
    payload: payload.toString('base64'),
    ...(frame.opcode === 0x1 && !frame.rsv1 ? { text: payload.toString('utf8') } : {}),
    ...(frame.inflated && frame.opcode === 0x1 ? { text: Buffer.from(frame.inflated).toString('utf8') } : {}),
    ...(frame.opcode === 0x8 && payload.length >= 2 ? { closeCode: payload.readUInt16BE(0), closeReason: payload.subarray(2).toString('utf8') } : {}),
    ...(crafted ? { crafted: true } : {}),
    ...(frame.inflated ? { inflatedLength: frame.inflated.length } : {}),
    ...(frame.rttMs !== undefined ? { rttMs: frame.rttMs } : {}),
  };
}

export function handshakeLine(record: HandshakeRecord): JsonLine {
  return { type: 'handshake', time: timestampMicros(), ...record };
}

export function closeLine(event: CloseEvent): JsonLine {
  return { type: 'close', time: timestampMicros(), ...event };
}

export function errorLine(error: Error): JsonLine {
  return { type: 'error', time: timestampMicros(), code: (error as Error & { code?: string }).code ?? 'WS_ERR', message: error.message };
}

export function openLine(subprotocol: string | null): JsonLine {
  return { type: 'open', time: timestampMicros(), subprotocol };
}
