import { isUtf8 } from 'node:buffer';
import type { Frame, FrameHeader, LengthForm } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import { isControlOpcode, isReservedOpcode, Opcode } from '../../shared/opcodes';
import { buildClosePayload, NO_STATUS, parseClosePayload, type CloseInfo } from './close-frame';
import type { DeflateCodec } from './deflate-codec';
import { HandshakeError, ProtocolError } from './errors';
import { FrameDecoder, type DecodedFrame } from './frame-decoder';
import { encodeFrame, type FrameSpec } from './frame-encoder';
import { randomMaskKey } from './mask-source';
import { Utf8Validator } from './utf8';

export type Role = 'client' | 'server';
export type ReadyState = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';
export type MessageKind = 'text' | 'binary';

export interface ConnectionLimits {
  /** Largest payload one frame may declare; checked when its header arrives. */
  maxFrameSize: number;
  /** Largest message, across all its fragments. */
  maxMessageSize: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxFrameSize: 64 * 1024 * 1024, maxMessageSize: 64 * 1024 * 1024 };

export interface ConnectionOptions extends Partial<ConnectionLimits> {
  /** Answer each ping with a pong carrying its payload (RFC 6455 §5.5.2). On by default. */
  autoPong?: boolean;
  /** Where client masking keys come from; injected by tests for determinism. */
  maskKey?: () => Uint8Array;
}

/** How a connection ended: the close code and reason as the RFC defines them (§7.1.5, §7.1.6). */
export interface CloseEvent {
  code: number;
  reason: string;
  /** Both Close frames went across before the transport closed. */
  wasClean: boolean;
  /** Which side sent the first Close frame or failed the connection; 'transport' when no Close frame was seen. */
  initiatedBy: 'local' | 'remote' | 'transport';
}

/**
 * Where a connection's output goes. The transport writes the bytes, in order, to the
 * socket; tests collect them. `frame` is optional because recording costs a little.
 */
export interface ConnectionSink {
  write(chunks: Uint8Array[]): void;
  /** Close the transport (send FIN, then let the socket close). */
  end(): void;
  /** The opening handshake finished, well or badly. */
  handshake?(record: HandshakeRecord): void;
  open?(): void;
  message?(kind: MessageKind, data: Buffer): void;
  ping?(payload: Buffer): void;
  pong?(payload: Buffer): void;
  /** Every frame in either direction, with its exact header; `crafted` for sendRawFrame. */
  frame?(direction: 'in' | 'out', frame: Frame, crafted: boolean): void;
  /** The connection failed (protocol violation by the peer, or a bad handshake). */
  error?(error: ProtocolError): void;
  close?(event: CloseEvent): void;
}

/**
 * The RFC 6455 connection state machine after the opening handshake (§5-§7), sans I/O:
 * bytes in through `receiveData`/`receiveEof`, commands in through the send methods,
 * bytes and events out through the sink.
 */
export class Connection {
  protected state: ReadyState = 'CONNECTING';
  private readonly decoder: FrameDecoder;
  private readonly limits: ConnectionLimits;
  private readonly autoPong: boolean;
  private readonly nextMaskKey: () => Uint8Array;
  private messageOpcode = 0;
  private messageParts: Buffer[] = [];
  private messageSize = 0;
  private readonly textValidator = new Utf8Validator();
  private closeSent: CloseInfo | null = null;
  private closeReceived: CloseInfo | null = null;
  private failure: ProtocolError | null = null;
  private closeEmitted = false;
  private closeInitiator: 'local' | 'remote' | null = null;
  /** permessage-deflate, once negotiated (RFC 7692). */
  private deflate: DeflateCodec | null = null;
  private messageCompressed = false;

  constructor(
    readonly role: Role,
    protected readonly sink: ConnectionSink,
    options: ConnectionOptions = {},
  ) {
    this.limits = { maxFrameSize: options.maxFrameSize ?? DEFAULT_LIMITS.maxFrameSize, maxMessageSize: options.maxMessageSize ?? DEFAULT_LIMITS.maxMessageSize };
    this.autoPong = options.autoPong ?? true;
    this.nextMaskKey = options.maskKey ?? randomMaskKey;
    this.decoder = new FrameDecoder({
      onHeader: (header) => this.checkHeader(header),
      onPartial: (bytes, header) => this.checkPartial(bytes, header),
    });
  }

  get readyState(): ReadyState {
    return this.state;
  }

  /** Bytes from the peer. The connection takes ownership: masked payloads are unmasked in place. */
  receiveData(chunk: Buffer): void {
    if (this.state === 'CONNECTING') {
      this.receiveHandshakeData(chunk);
      return;
    }
    this.receiveFrameData(chunk);
  }

  /** The peer closed its side of the transport, or the transport is gone. */
  receiveEof(): void {
    if (this.closeEmitted) return;
    if (this.state === 'CONNECTING' && !this.failure) this.abort(new HandshakeError('WS_ERR_HANDSHAKE_EOF', 'the connection closed during the opening handshake'));
    this.state = 'CLOSED';
    this.closeEmitted = true;
    if (this.failure) {
      this.sink.close?.({ code: this.failure.closeCode, reason: this.failure.message, wasClean: false, initiatedBy: 'local' });
      return;
    }
    const received = this.closeReceived;
    this.sink.close?.({
      code: received ? received.code : 1006,
      reason: received?.reason ?? '',
      wasClean: received !== null && this.closeSent !== null,
      initiatedBy: this.closeInitiator ?? 'transport',
    });
  }

  sendText(data: string | Uint8Array): void {
    this.sendMessage(Opcode.Text, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  sendBinary(data: Uint8Array): void {
    this.sendMessage(Opcode.Binary, data);
  }

  ping(payload: Uint8Array = Buffer.alloc(0)): void {
    this.sendControl(Opcode.Ping, payload);
  }

  pong(payload: Uint8Array = Buffer.alloc(0)): void {
    this.sendControl(Opcode.Pong, payload);
  }

  /**
   * One frame of a message the caller fragments by hand: the opcode, FIN and payload as
   * given, masked as the role requires. Sequencing is the caller's.
   */
  sendFrame(opcode: number, payload: Uint8Array, fin: boolean): void {
    this.assertCanSendData();
    this.writeFrame({ opcode, payload, fin, maskKey: this.role === 'client' ? this.nextMaskKey() : null }, false);
  }

  /** Start the close handshake (§7.1.2). Throws RangeError for a code or reason that may not be sent. */
  close(code?: number, reason = ''): void {
    const payload = buildClosePayload(code, reason);
    // §7.1.7: after a failure there is nothing left to close, even if the handshake never finished.
    if (this.closeSent || this.failure || this.state === 'CLOSED') return;
    if (this.state === 'CONNECTING') throw new Error('the connection is not open yet');
    this.writeClose({ code: code ?? NO_STATUS, reason }, payload);
  }

  /** Put any frame on the wire exactly as specified, bypassing every check (the crafter's path). */
  sendRawFrame(spec: FrameSpec): void {
    if (this.state === 'CONNECTING' || this.state === 'CLOSED') throw new Error(`cannot send a frame while ${this.state}`);
    this.writeFrame(spec, true);
  }

  /** Put raw bytes on the wire. */
  sendRawBytes(bytes: Uint8Array): void {
    if (this.state === 'CONNECTING' || this.state === 'CLOSED') throw new Error(`cannot send bytes while ${this.state}`);
    this.sink.write([bytes]);
  }

  /** Subclasses run the opening handshake and then call `open(rest)`. */
  protected receiveHandshakeData(_chunk: Buffer): void {
    throw new Error('a Connection needs a handshake: use ClientConnection or ServerConnection');
  }

  /** The negotiated extensions, as the handshake agreed them. */
  get extensions(): string | null {
    return this.deflate?.params.agreed ?? null;
  }

  /** Called by a handshake that agreed on permessage-deflate, before `open`. */
  protected enableDeflate(codec: DeflateCodec): void {
    this.deflate = codec;
  }

  protected open(rest: Buffer): void {
    this.state = 'OPEN';
    this.sink.open?.();
    if (rest.length > 0) this.receiveFrameData(rest);
  }

  private receiveFrameData(chunk: Buffer): void {
    if (this.failure || this.closeReceived || this.state === 'CLOSED') return;
    this.decoder.push(chunk);
    try {
      let frame: DecodedFrame | null;
      while ((frame = this.decoder.next()) !== null) {
        this.handleFrame(frame);
        if (this.closeReceived || this.failure) return;
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.fail(error);
    }
  }

  /** §5.2-§5.5: everything that can be refused from the header alone, before the payload. */
  private checkHeader(h: FrameHeader): void {
    if (h.rsv2 || h.rsv3 || (h.rsv1 && !this.deflate)) throw new ProtocolError('WS_ERR_RSV', 1002, `RSV${h.rsv1 ? 1 : h.rsv2 ? 2 : 3} is set but no extension defines it`);
    // RFC 7692 §6.1: RSV1 marks the first frame of a compressed message, and nothing else.
    if (h.rsv1 && (isControlOpcode(h.opcode) || h.opcode === Opcode.Continuation)) {
      throw new ProtocolError('WS_ERR_RSV1_MISUSE', 1002, `RSV1 is set on a ${isControlOpcode(h.opcode) ? 'control' : 'continuation'} frame; permessage-deflate allows it only on the first frame of a message`);
    }
    if (isReservedOpcode(h.opcode)) throw new ProtocolError('WS_ERR_RESERVED_OPCODE', 1002, `opcode 0x${h.opcode.toString(16)} is reserved`);
    if (this.role === 'server' && !h.masked) throw new ProtocolError('WS_ERR_UNMASKED_FRAME', 1002, 'a client frame arrived unmasked');
    if (this.role === 'client' && h.masked) throw new ProtocolError('WS_ERR_MASKED_FRAME', 1002, 'a server frame arrived masked');
    if (isControlOpcode(h.opcode)) {
      if (!h.fin) throw new ProtocolError('WS_ERR_FRAGMENTED_CONTROL', 1002, 'a control frame is fragmented');
      if (h.payloadLength > 125) throw new ProtocolError('WS_ERR_CONTROL_TOO_LONG', 1002, `a control frame carries ${h.payloadLength} bytes; at most 125 are allowed`);
      return;
    }
    if (h.opcode === Opcode.Continuation && this.messageOpcode === 0) throw new ProtocolError('WS_ERR_UNEXPECTED_CONTINUATION', 1002, 'a continuation frame arrived with no message to continue');
    if (h.opcode !== Opcode.Continuation && this.messageOpcode !== 0) throw new ProtocolError('WS_ERR_EXPECTED_CONTINUATION', 1002, 'a new message started before the previous one was finished');
    if (h.payloadLength > this.limits.maxFrameSize) throw new ProtocolError('WS_ERR_FRAME_TOO_BIG', 1009, `a frame of ${h.payloadLength} bytes exceeds the ${this.limits.maxFrameSize}-byte limit`);
    if (this.messageSize + h.payloadLength > this.limits.maxMessageSize) throw new ProtocolError('WS_ERR_MESSAGE_TOO_BIG', 1009, `the message exceeds the ${this.limits.maxMessageSize}-byte limit`);
  }

  /** Text is validated as it arrives, so invalid UTF-8 fails before the frame is complete (§8.1). */
  private checkPartial(bytes: Buffer, h: FrameHeader): void {
    // Compressed text can only be validated once inflated.
    const compressed = h.opcode === Opcode.Continuation ? this.messageCompressed : h.rsv1;
    if (compressed) return;
    if (h.opcode === Opcode.Text || (h.opcode === Opcode.Continuation && this.messageOpcode === Opcode.Text)) this.validateText(bytes);
  }

  private validateText(bytes: Uint8Array): void {
    if (!this.textValidator.push(bytes)) throw new ProtocolError('WS_ERR_INVALID_UTF8', 1007, 'a text message is not valid UTF-8');
  }

  private handleFrame(frame: DecodedFrame): void {
    if (isControlOpcode(frame.opcode)) this.sink.frame?.('in', frame, false);
    switch (frame.opcode) {
      case Opcode.Close:
        this.receiveClose(frame.payload);
        return;
      case Opcode.Ping:
        this.sink.ping?.(frame.payload);
        if (this.autoPong && this.state === 'OPEN') this.sendControl(Opcode.Pong, frame.payload);
        return;
      case Opcode.Pong:
        this.sink.pong?.(frame.payload);
        return;
      default: {
        // The frame is reported after it is processed, so that it carries its inflated message.
        let message: { kind: MessageKind; data: Buffer } | null;
        try {
          message = this.receiveDataFrame(frame);
        } finally {
          this.sink.frame?.('in', frame, false);
        }
        if (message) this.sink.message?.(message.kind, message.data);
      }
    }
  }

  /** §5.4 and §6.2: one data frame of a message; the whole message once its last frame is in. */
  private receiveDataFrame(frame: DecodedFrame): { kind: MessageKind; data: Buffer } | null {
    const start = frame.opcode !== Opcode.Continuation;
    if (start) {
      this.messageOpcode = frame.opcode;
      this.messageCompressed = frame.rsv1;
    }
    const compressed = this.messageCompressed;
    if (this.messageOpcode === Opcode.Text && !compressed) {
      // A whole text message in one read skips the incremental validator.
      if (start && frame.fin && frame.streamed === 0) {
        if (!isUtf8(frame.payload)) throw new ProtocolError('WS_ERR_INVALID_UTF8', 1007, 'a text message is not valid UTF-8');
      } else {
        this.validateText(frame.payload.subarray(frame.streamed));
        if (frame.fin && !this.textValidator.complete) throw new ProtocolError('WS_ERR_INVALID_UTF8', 1007, 'a text message ends in the middle of a character');
      }
    }
    const kind: MessageKind = this.messageOpcode === Opcode.Text ? 'text' : 'binary';
    if (frame.fin && start && !compressed) {
      this.messageOpcode = 0;
      return { kind, data: frame.payload };
    }
    if (frame.payload.length > 0) this.messageParts.push(frame.payload);
    this.messageSize += frame.payload.length;
    if (!frame.fin) return null;
    const parts = this.messageParts;
    const size = this.messageSize;
    this.messageOpcode = 0;
    this.messageParts = [];
    this.messageSize = 0;
    this.messageCompressed = false;
    this.textValidator.reset();
    if (!compressed) return { kind, data: Buffer.concat(parts, size) };
    // RFC 7692 §7.2.2: inflate against the message limit, then check text as usual.
    const data = this.deflate!.decompress(parts, this.limits.maxMessageSize);
    frame.inflated = data;
    if (kind === 'text' && !isUtf8(data)) throw new ProtocolError('WS_ERR_INVALID_UTF8', 1007, 'a text message is not valid UTF-8');
    return { kind, data };
  }

  /** §5.5.1 and §7.1.3: a Close frame; answer it with the same code unless we already sent ours. */
  private receiveClose(payload: Buffer): void {
    const info = parseClosePayload(payload);
    this.closeReceived = info;
    this.closeInitiator ??= 'remote';
    if (this.closeSent === null) this.writeClose(info, buildClosePayload(info.code === NO_STATUS ? undefined : info.code));
    this.state = 'CLOSING';
    // §7.1.1: the server closes the TCP connection first; the client waits for it.
    if (this.role === 'server') this.sink.end();
  }

  /** §7.1.7: fail the connection with the error's close code, in exactly one place. */
  private fail(error: ProtocolError): void {
    if (this.failure || this.state === 'CLOSED') return;
    this.failure = error;
    this.closeInitiator ??= 'local';
    this.sink.error?.(error);
    // §7.4.1: 1006 (the transport failed) may not go in a Close frame, and there is no one to read it.
    if (this.closeSent === null && this.state !== 'CONNECTING' && error.closeCode !== 1006) {
      const payload = buildClosePayload(error.closeCode);
      this.closeSent = { code: error.closeCode, reason: '' };
      this.writeFrame({ opcode: Opcode.Close, payload, maskKey: this.role === 'client' ? this.nextMaskKey() : null }, false);
    }
    this.state = 'CLOSING';
    this.sink.end();
  }

  /**
   * The transport or a handshake gave up (a timeout, a socket error, a bad response):
   * fail the connection, unless the close handshake already completed.
   */
  abort(error: ProtocolError): void {
    if (this.closeSent && this.closeReceived) return;
    this.fail(error);
  }

  private writeClose(info: CloseInfo, payload: Buffer): void {
    this.closeSent = info;
    this.closeInitiator ??= 'local';
    this.state = 'CLOSING';
    this.writeFrame({ opcode: Opcode.Close, payload, maskKey: this.role === 'client' ? this.nextMaskKey() : null }, false);
  }

  private sendMessage(opcode: number, payload: Uint8Array): void {
    this.assertCanSendData();
    const maskKey = this.role === 'client' ? this.nextMaskKey() : null;
    const compressed = this.deflate?.compress(payload) ?? null;
    if (compressed === null) this.writeFrame({ opcode, payload, maskKey }, false);
    else this.writeFrame({ opcode, payload: compressed, rsv1: true, maskKey }, false, payload);
  }

  private sendControl(opcode: number, payload: Uint8Array): void {
    if (payload.length > 125) throw new RangeError(`a control frame payload is at most 125 bytes, not ${payload.length}`);
    if (this.state !== 'OPEN') throw new Error(`cannot send a ${opcode === Opcode.Ping ? 'ping' : 'pong'} while ${this.state}`);
    this.writeFrame({ opcode, payload, maskKey: this.role === 'client' ? this.nextMaskKey() : null }, false);
  }

  private assertCanSendData(): void {
    // §5.5.1: no data frames after a Close frame.
    if (this.state !== 'OPEN') throw new Error(`cannot send data while ${this.state}`);
  }

  /** Encode and write one frame; `inflated` is the message a compressed payload stands for. */
  private writeFrame(spec: FrameSpec, crafted: boolean, inflated?: Uint8Array): void {
    const [header, wirePayload] = encodeFrame(spec);
    this.sink.write([header, wirePayload]);
    if (this.sink.frame) {
      const key = spec.maskKey ?? null;
      this.sink.frame(
        'out',
        {
          fin: spec.fin !== false,
          rsv1: spec.rsv1 === true,
          rsv2: spec.rsv2 === true,
          rsv3: spec.rsv3 === true,
          opcode: spec.opcode,
          masked: key !== null,
          maskKey: key,
          payloadLength: Number(spec.declaredLength ?? spec.payload.length),
          lengthForm: lengthFormOf(header),
          header,
          payload: spec.payload,
          ...(inflated ? { inflated } : {}),
        },
        crafted,
      );
    }
  }
}

function lengthFormOf(header: Uint8Array): LengthForm {
  const len7 = header[1] & 0x7f;
  return len7 === 126 ? 16 : len7 === 127 ? 64 : 7;
}
