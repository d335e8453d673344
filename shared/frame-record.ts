import { opcodeName } from './opcodes';
import { closeCodeName } from './close-codes';

/** How the payload length was written on the wire (RFC 6455 §5.2). */
export type LengthForm = 7 | 16 | 64;

/** Every header field of a frame, exactly as it was on the wire. */
export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The 4-byte masking key, or null when MASK is 0. */
  maskKey: Uint8Array | null;
  /** The payload length as declared in the header. */
  payloadLength: number;
  lengthForm: LengthForm;
}

/** A frame with its exact header bytes and its unmasked payload. */
export interface Frame extends FrameHeader {
  header: Uint8Array;
  payload: Uint8Array;
  /** For the last frame of a permessage-deflate message: the whole message, inflated. */
  inflated?: Uint8Array;
  /** For a pong answering one of our pings: the round trip in ms (set by the transport). */
  rttMs?: number;
}

const PREVIEW_CHARS = 60;
const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** A short, capped, human summary of a frame for logs, CLI output and list rows. */
export function formatFrame(frame: FrameHeader & { payload: Uint8Array }): string {
  const flags = [frame.fin ? 'FIN' : 'fin=0', frame.rsv1 && 'RSV1', frame.rsv2 && 'RSV2', frame.rsv3 && 'RSV3', frame.masked && 'MASK']
    .filter(Boolean)
    .join(' ');
  return `${opcodeName(frame.opcode)} [${flags}] ${frame.payloadLength} B${previewPayload(frame.opcode, frame.payload)}`;
}

function previewPayload(opcode: number, payload: Uint8Array): string {
  if (payload.length === 0) return '';
  if (opcode === 0x8 && payload.length >= 2) {
    const code = (payload[0] << 8) | payload[1];
    const reason = textDecoder.decode(payload.subarray(2, 2 + PREVIEW_CHARS * 4));
    return ` ${code} ${closeCodeName(code)}${reason ? ` ${JSON.stringify(cap(reason))}` : ''}`;
  }
  if (opcode === 0x1 || opcode === 0x0) return ` ${JSON.stringify(cap(textDecoder.decode(payload.subarray(0, PREVIEW_CHARS * 4))))}`;
  return ` ${hexPreview(payload)}`;
}

function cap(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function hexPreview(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 16 ? `${shown} …` : shown;
}
