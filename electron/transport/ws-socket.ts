import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Frame } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import type { CloseEvent, Connection, ConnectionSink, MessageKind } from '../protocol/connection';
import type { FrameSpec } from '../protocol/frame-encoder';
import { ProtocolError } from '../protocol/errors';

export interface WsSocketEvents {
  handshake: [record: HandshakeRecord];
  open: [];
  message: [kind: MessageKind, data: Buffer];
  ping: [payload: Buffer];
  pong: [payload: Buffer];
  frame: [direction: 'in' | 'out', frame: Frame, crafted: boolean];
  /** The connection failed: a protocol violation, a bad handshake, a timeout or a socket error. */
  failure: [error: Error];
  close: [event: CloseEvent];
  drain: [];
}

export interface TimeoutOptions {
  /** How long the opening handshake may take, in ms. */
  handshakeTimeout?: number;
  /** How long to wait for the peer to finish the close handshake and close TCP, in ms. */
  closeTimeout?: number;
  /** Emit a 'frame' event for every frame in both directions. */
  recordFrames?: boolean;
}

export const DEFAULT_TIMEOUTS = { handshakeTimeout: 10_000, closeTimeout: 5_000 };

/**
 * Binds one sans-I/O connection to one socket: bytes both ways, corked writes,
 * back-pressure, the handshake and close timers. Everything else is the engine's.
 */
export class WsSocket extends EventEmitter<WsSocketEvents> {
  private connection!: Connection;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private readonly closeTimeout: number;

  constructor(
    readonly socket: Socket,
    private readonly timeouts: TimeoutOptions,
  ) {
    super();
    this.closeTimeout = timeouts.closeTimeout ?? DEFAULT_TIMEOUTS.closeTimeout;
  }

  /** The sink the engine writes to; build the Connection with it, then call `attach`. */
  createSink(): ConnectionSink {
    const sink: ConnectionSink = {
      write: (chunks) => this.write(chunks),
      end: () => this.endTransport(),
      handshake: (record) => this.emit('handshake', record),
      open: () => {
        this.clearHandshakeTimer();
        this.emit('open');
      },
      message: (kind, data) => this.emit('message', kind, data),
      ping: (payload) => this.emit('ping', payload),
      pong: (payload) => this.emit('pong', payload),
      error: (error) => this.emit('failure', error),
      close: (event) => {
        this.clearTimers();
        this.emit('close', event);
      },
    };
    if (this.timeouts.recordFrames) sink.frame = (direction, frame, crafted) => this.emit('frame', direction, frame, crafted);
    return sink;
  }

  attach(connection: Connection): void {
    this.connection = connection;
    const { socket } = this;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.connection.receiveData(chunk);
      this.watchClosing();
    });
    socket.on('end', () => this.connection.receiveEof());
    socket.on('close', () => this.connection.receiveEof());
    socket.on('error', (error) => this.transportError(error));
    socket.on('drain', () => this.emit('drain'));
    const handshakeTimeout = this.timeouts.handshakeTimeout ?? DEFAULT_TIMEOUTS.handshakeTimeout;
    this.handshakeTimer = setTimeout(() => {
      this.connection.abort(new ProtocolError('WS_ERR_HANDSHAKE_TIMEOUT', 1006, `no opening handshake within ${handshakeTimeout} ms`));
      this.socket.destroy();
    }, handshakeTimeout);
  }

  get readyState(): Connection['readyState'] {
    return this.connection.readyState;
  }

  /** Bytes written but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  sendText(data: string | Uint8Array): boolean {
    return this.command(() => this.connection.sendText(data));
  }

  sendBinary(data: Uint8Array): boolean {
    return this.command(() => this.connection.sendBinary(data));
  }

  /** Send a message of the given kind: the echo's path. */
  send(kind: MessageKind, data: Uint8Array): boolean {
    return kind === 'text' ? this.sendText(data) : this.sendBinary(data);
  }

  sendFrame(opcode: number, payload: Uint8Array, fin: boolean): boolean {
    return this.command(() => this.connection.sendFrame(opcode, payload, fin));
  }

  sendRawFrame(spec: FrameSpec): boolean {
    return this.command(() => this.connection.sendRawFrame(spec));
  }

  sendRawBytes(bytes: Uint8Array): boolean {
    return this.command(() => this.connection.sendRawBytes(bytes));
  }

  ping(payload?: Uint8Array): boolean {
    return this.command(() => this.connection.ping(payload));
  }

  pong(payload?: Uint8Array): boolean {
    return this.command(() => this.connection.pong(payload));
  }

  close(code?: number, reason?: string): void {
    this.command(() => this.connection.close(code, reason));
  }

  /** Drop the TCP connection without a close handshake. */
  terminate(): void {
    this.socket.destroy();
  }

  private command(run: () => void): boolean {
    run();
    this.watchClosing();
    return !this.socket.writableNeedDrain;
  }

  private write(chunks: Uint8Array[]): void {
    if (this.socket.destroyed) return;
    if (chunks.length === 1) {
      this.socket.write(chunks[0]);
      return;
    }
    this.socket.cork();
    for (const chunk of chunks) if (chunk.length > 0) this.socket.write(chunk);
    this.socket.uncork();
  }

  private endTransport(): void {
    if (!this.socket.destroyed) this.socket.end();
    this.startCloseTimer();
  }

  /** Once a Close frame has gone either way, the peer has closeTimeout ms to finish. */
  private watchClosing(): void {
    if (this.connection.readyState === 'CLOSING') this.startCloseTimer();
  }

  private startCloseTimer(): void {
    if (this.closeTimer !== null || this.socket.destroyed) return;
    this.closeTimer = setTimeout(() => this.socket.destroy(), this.closeTimeout);
  }

  private transportError(error: NodeJS.ErrnoException): void {
    this.connection.abort(new ProtocolError(`WS_ERR_SOCKET_${error.code ?? 'ERROR'}`, 1006, describeSocketError(error)));
    this.connection.receiveEof();
  }

  private clearHandshakeTimer(): void {
    if (this.handshakeTimer !== null) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  private clearTimers(): void {
    this.clearHandshakeTimer();
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    this.closeTimer = null;
  }
}

/** One line for a socket error a user can cause or meet. */
export function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${addressOf(error)}`;
    case 'ECONNRESET':
      return 'the peer reset the connection';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host ${(error as NodeJS.ErrnoException & { hostname?: string }).hostname ?? ''}`.trim();
    case 'ETIMEDOUT':
      return `connection to ${addressOf(error)} timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${addressOf(error)}`;
    case 'EPIPE':
      return 'the peer closed the connection while we were writing';
    default:
      return error.message;
  }
}

function addressOf(error: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  return error.address ? `${error.address}${error.port !== undefined ? `:${error.port}` : ''}` : 'the host';
}
