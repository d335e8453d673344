import type { LengthForm } from './frame-record';
import type { HandshakeRecord } from './handshake-record';

/**
 * One row of a session's timeline, as the main process captured it. Plain and
 * serialisable: it crosses IPC and the browser-mode bridge as JSON. Bytes are base64.
 */
export type CaptureEntry = FrameEntry | HandshakeEntry | LifecycleEntry;

interface EntryBase {
  /** Position in the session's timeline, from 1, without gaps. */
  seq: number;
  /** Microseconds since the Unix epoch. */
  time: number;
}

export interface FrameEntry extends EntryBase {
  kind: 'frame';
  direction: 'in' | 'out';
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The masking key as 8 hex digits, or null. */
  maskKey: string | null;
  /** The payload length the header declares. */
  payloadLength: number;
  lengthForm: LengthForm;
  /** The exact header bytes, hex. */
  header: string;
  /** The first `previewBytes` of the unmasked payload, base64; fetch the rest with capture.payload. */
  preview: string;
  /** The preview holds the whole payload. */
  complete: boolean;
  /** The payload's bytes were dropped to keep the capture within its memory bound. */
  dropped: boolean;
  /** Sent with sendRawFrame/sendRawBytes: no validation applied. */
  crafted: boolean;
  /** For a pong answering one of our pings: the round trip in ms. */
  rttMs?: number;
  /** For the last frame of a compressed message: the message's size after inflation. */
  inflatedLength?: number;
}

export interface HandshakeEntry extends EntryBase {
  kind: 'handshake';
  record: HandshakeRecord;
}

export interface LifecycleEntry extends EntryBase {
  kind: 'event';
  event: 'connecting' | 'open' | 'close' | 'error' | 'listening' | 'stopped' | 'client-connected' | 'note';
  /** One line for the timeline: "closed 1000 Normal Closure (clean)", an error message... */
  text: string;
  closeCode?: number;
  wasClean?: boolean;
}
