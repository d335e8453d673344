import type { Frame, FrameHeader, LengthForm } from '../../shared/frame-record';
import { ProtocolError } from './errors';
import { bufferView } from './buffer-view';
import { applyMask } from './mask';

/** A decoded frame; `streamed` payload bytes were already handed to `onPartial`. */
export interface DecodedFrame extends Frame {
  header: Buffer;
  payload: Buffer;
  streamed: number;
}

export interface DecoderHooks {
  /** Called once a header is complete, before its payload is read; throw a ProtocolError to refuse it. */
  onHeader(header: FrameHeader): void;
  /** Unmasked payload bytes of an unfinished frame, as they arrive; may throw a ProtocolError. */
  onPartial(bytes: Buffer, header: FrameHeader): void;
}

/**
 * RFC 6455 §5.2 frame decoder: a resumable state machine over a list of chunks.
 * A header that lacks bytes consumes nothing; bytes are copied only when a header or
 * a payload spans chunks. Payloads are unmasked in place: `push` takes ownership.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of chunks[0] already consumed. */
  private head = 0;
  private current: { header: Buffer; fields: FrameHeader; parts: Buffer[]; received: number } | null = null;

  constructor(private readonly hooks: DecoderHooks) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete frame, or null when more bytes are needed. Throws ProtocolError. */
  next(): DecodedFrame | null {
    if (this.current === null && !this.readHeader()) return null;
    const current = this.current!;
    const { fields } = current;
    const missing = fields.payloadLength - current.received;
    if (this.buffered < missing) {
      if (this.buffered > 0) this.takePartial(current, this.buffered);
      return null;
    }
    const streamed = current.received;
    if (missing > 0) this.takePayload(current, missing);
    this.current = null;
    const payload = current.parts.length === 1 ? current.parts[0] : Buffer.concat(current.parts, fields.payloadLength);
    // Spelled out: `{ ...fields, header, … }` (a spread plus extra keys) takes V8's slow path, ~2.5 µs a frame.
    return {
      fin: fields.fin,
      rsv1: fields.rsv1,
      rsv2: fields.rsv2,
      rsv3: fields.rsv3,
      opcode: fields.opcode,
      masked: fields.masked,
      maskKey: fields.maskKey,
      payloadLength: fields.payloadLength,
      lengthForm: fields.lengthForm,
      header: current.header,
      payload,
      streamed,
    };
  }

  /** Bytes held that do not yet make a frame. */
  get pendingBytes(): number {
    return this.buffered + (this.current?.received ?? 0);
  }

  private readHeader(): boolean {
    if (this.buffered < 2) return false;
    const b0 = this.peek(0);
    const b1 = this.peek(1);
    const masked = (b1 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    const lengthForm: LengthForm = len7 === 126 ? 16 : len7 === 127 ? 64 : 7;
    const extra = lengthForm === 7 ? 0 : lengthForm === 16 ? 2 : 8;
    const size = 2 + extra + (masked ? 4 : 0);
    if (this.buffered < size) return false;

    const header = this.take(size);
    let payloadLength = len7;
    if (lengthForm === 16) payloadLength = header.readUInt16BE(2);
    else if (lengthForm === 64) {
      const high = header.readUInt32BE(2);
      // RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0.
      if (high & 0x80000000) throw new ProtocolError('WS_ERR_LENGTH_TOP_BIT', 1002, 'the 64-bit payload length has its most significant bit set');
      // Beyond 2^53 no buffer could hold it; report it as too big rather than lose precision.
      if (high > 0x1fffff) throw new ProtocolError('WS_ERR_FRAME_TOO_BIG', 1009, `a frame declares ${header.readBigUInt64BE(2)} bytes`);
      payloadLength = high * 0x100000000 + header.readUInt32BE(6);
    }
    const fields: FrameHeader = {
      fin: (b0 & 0x80) !== 0,
      rsv1: (b0 & 0x40) !== 0,
      rsv2: (b0 & 0x20) !== 0,
      rsv3: (b0 & 0x10) !== 0,
      opcode: b0 & 0x0f,
      masked,
      maskKey: masked ? bufferView(header, size - 4, size) : null,
      payloadLength,
      lengthForm,
    };
    this.hooks.onHeader(fields);
    this.current = { header, fields, parts: [], received: 0 };
    return true;
  }

  private takePartial(current: NonNullable<FrameDecoder['current']>, n: number): void {
    const start = current.parts.length;
    this.takePayload(current, n);
    for (let i = start; i < current.parts.length; i++) this.hooks.onPartial(current.parts[i], current.fields);
  }

  private takePayload(current: NonNullable<FrameDecoder['current']>, n: number): void {
    // Take whole chunks without copying; unmask each piece at its offset in the payload.
    let remaining = n;
    while (remaining > 0) {
      const chunk = this.chunks[0];
      const available = chunk.length - this.head;
      const piece = this.head === 0 && available <= remaining ? chunk : bufferView(chunk, this.head, this.head + Math.min(available, remaining));
      this.consumeFront(piece.length);
      if (current.fields.maskKey) applyMaskAt(piece, current.fields.maskKey, current.received);
      current.parts.push(piece);
      current.received += piece.length;
      remaining -= piece.length;
    }
  }

  private peek(index: number): number {
    index += this.head;
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index];
      index -= chunk.length;
    }
    throw new RangeError('peek past the buffered bytes');
  }

  /** `n` bytes from the front: a view when they lie in one chunk, a copy otherwise. */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first.length - this.head >= n) {
      const out = bufferView(first, this.head, this.head + n);
      this.consumeFront(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const count = Math.min(chunk.length - this.head, n - filled);
      out.set(chunk.subarray(this.head, this.head + count), filled);
      filled += count;
      this.consumeFront(count);
    }
    return out;
  }

  private consumeFront(n: number): void {
    this.head += n;
    if (this.head === this.chunks[0].length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.buffered -= n;
  }
}

/** Unmask bytes that sit at `position` within a masked payload. */
function applyMaskAt(bytes: Buffer, key: Uint8Array, position: number): void {
  const r = position & 3;
  const rotated = r === 0 ? key : Uint8Array.of(key[r], key[(r + 1) & 3], key[(r + 2) & 3], key[(r + 3) & 3]);
  applyMask(bytes, rotated);
}
