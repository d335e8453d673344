import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Frame } from '../../shared/frame-record';
import type { HandshakeRecord } from '../../shared/handshake-record';
import type { CloseEvent, Connection, ConnectionSink, MessageKind } from '../protocol/connection';
import type { FrameSpec } from '../protocol/frame-encoder';
import { ProtocolError } from '../protocol/errors';
import { checkHeartbeat, startHeartbeat, type HeartbeatOptions } from './heartbeat';
import { SlowWriter, slowsWrites, type WireFaults } from './wire-faults';
import { describeTls, openSslReason } from './tls-setup';

export interface WsSocketEvents {
  handshake: [record: HandshakeRecord];
  open: [];
  message: [kind: MessageKind, data: Buffer];
  ping: [payload: Buffer];
  /** A pong; `rttMs` when it answers one of our pings. */
  pong: [payload: Buffer, rttMs: number | undefined];
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

export interface WsSocketOptions extends TimeoutOptions {
  /** Ping on an interval and close with 1011 when a pong is late. */
  heartbeat?: HeartbeatOptions;
  /** Misbehave on the wire on purpose (a local server for testing clients). */
  wireFaults?: WireFaults;
}

/** How many unanswered pings are remembered for round-trip times. */
const PINGS_REMEMBERED = 64;

export const DEFAULT_TIMEOUTS = { handshakeTimeout: 10_000, closeTimeout: 5_000 };

/** Up to this many bytes, a header and its payload are copied into one buffer: cheaper than a corked writev. */
const COALESCE_LIMIT = 16 * 1024;

/**
 * Binds one sans-I/O connection to one socket: bytes both ways, corked writes,
 * back-pressure, the handshake and close timers, heartbeats and round-trip times.
 * Everything else is the engine's. The socket may arrive after the connection (a proxy
 * tunnel or a TLS setup comes first): `bind`, then `attach` or `failSetup`.
 */
export class WsSocket extends EventEmitter<WsSocketEvents> {
  private connection!: Connection;
  private transport: Socket | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private stopHeartbeat: (() => void) | null = null;
  private slowWriter: SlowWriter | null = null;
  private faultTimers: NodeJS.Timeout[] = [];
  private opened = false;
  private readonly closeTimeout: number;
  /** Send times of our pings by payload (hex), for round-trip times. */
  private readonly pingsSent = new Map<string, number>();
  /** The RTT given to the record of the pong frame being handled, for its 'pong' event. */
  private pongFrameRtt: { rttMs: number | undefined } | null = null;

  constructor(private readonly options: WsSocketOptions) {
    super();
    if (options.heartbeat) checkHeartbeat(options.heartbeat);
    this.closeTimeout = options.closeTimeout ?? DEFAULT_TIMEOUTS.closeTimeout;
  }

  /** The sink the engine writes to; build the Connection with it, then call `bind`. */
  createSink(): ConnectionSink {
    const sink: ConnectionSink = {
      write: (chunks) => this.write(chunks),
      end: () => this.endTransport(),
      handshake: (record) => this.emit('handshake', this.transport instanceof TLSSocket ? { ...record, tls: describeTls(this.transport) } : record),
      open: () => this.onOpen(),
      message: (kind, data) => this.emit('message', kind, data),
      ping: (payload) => this.emit('ping', payload),
      pong: (payload) => {
        // With recordFrames the frame was timed a moment ago: report that same figure.
        const rtt = this.pongFrameRtt === null ? this.roundTrip(payload) : this.pongFrameRtt.rttMs;
        this.pongFrameRtt = null;
        this.pingsSent.delete(payload.toString('hex'));
        this.emit('pong', payload, rtt);
      },
      error: (error) => this.emit('failure', error),
      close: (event) => {
        this.clearTimers();
        this.emit('close', event);
      },
    };
    if (this.options.recordFrames) {
      sink.frame = (direction, frame, crafted) => {
        if (direction === 'in' && frame.opcode === 0xa) {
          frame.rttMs = this.roundTrip(Buffer.from(frame.payload));
          this.pongFrameRtt = { rttMs: frame.rttMs };
        }
        this.emit('frame', direction, frame, crafted);
      };
    }
    return sink;
  }

  /** The engine connection this drives; the handshake timer starts now. */
  bind(connection: Connection): void {
    this.connection = connection;
    const handshakeTimeout = this.options.handshakeTimeout ?? DEFAULT_TIMEOUTS.handshakeTimeout;
    this.handshakeTimer = setTimeout(() => {
      this.connection.abort(new ProtocolError('WS_ERR_HANDSHAKE_TIMEOUT', 1006, `no opening handshake within ${handshakeTimeout} ms`));
      if (this.transport) this.transport.destroy();
      else this.connection.receiveEof();
    }, handshakeTimeout);
  }

  /** The transport is ready: bytes flow both ways from now on. */
  attach(socket: Socket): void {
    if (this.connection.readyState === 'CLOSED') {
      socket.destroy();
      return;
    }
    this.transport = socket;
    if (slowsWrites(this.options.wireFaults)) this.slowWriter = new SlowWriter(socket, this.options.wireFaults);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.connection.receiveData(chunk);
      this.watchClosing();
    });
    socket.on('end', () => this.connection.receiveEof());
    socket.on('close', () => this.connection.receiveEof());
    socket.on('error', (error) => this.transportError(error));
    socket.on('drain', () => this.emit('drain'));
    socket.resume();
  }

  /** The transport could not be set up (a proxy refused, a TLS file is unreadable): fail without one. */
  failSetup(error: Error): void {
    this.connection.abort(new ProtocolError('WS_ERR_CONNECT', 1006, error.message));
    this.connection.receiveEof();
  }

  /** The socket, once attached. */
  get socket(): Socket | null {
    return this.transport;
  }

  /** The peer's address as host:port, once attached. */
  get remoteAddress(): string {
    const socket = this.transport;
    if (!socket) return '';
    const host = socket.remoteAddress ?? '?';
    return `${host.includes(':') ? `[${host}]` : host}:${socket.remotePort ?? '?'}`;
  }

  /** Back-pressure: stop reading from the peer until what we wrote has drained. */
  pauseUntilDrained(): void {
    const socket = this.transport;
    if (!socket) return;
    socket.pause();
    this.once('drain', () => socket.resume());
  }

  get readyState(): Connection['readyState'] {
    return this.connection.readyState;
  }

  /** Bytes written but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.transport?.writableLength ?? 0;
  }

  // The send methods call the engine directly rather than through a closure: they run once per message.

  sendText(data: string | Uint8Array): boolean {
    this.connection.sendText(data);
    return this.afterCommand();
  }

  sendBinary(data: Uint8Array): boolean {
    this.connection.sendBinary(data);
    return this.afterCommand();
  }

  /** Send a message of the given kind: the echo's path. */
  send(kind: MessageKind, data: Uint8Array): boolean {
    return kind === 'text' ? this.sendText(data) : this.sendBinary(data);
  }

  sendFrame(opcode: number, payload: Uint8Array, fin: boolean): boolean {
    this.connection.sendFrame(opcode, payload, fin);
    return this.afterCommand();
  }

  sendRawFrame(spec: FrameSpec): boolean {
    this.connection.sendRawFrame(spec);
    return this.afterCommand();
  }

  sendRawBytes(bytes: Uint8Array): boolean {
    this.connection.sendRawBytes(bytes);
    return this.afterCommand();
  }

  ping(payload: Uint8Array = Buffer.alloc(0)): boolean {
    this.connection.ping(payload);
    if (this.pingsSent.size >= PINGS_REMEMBERED) this.pingsSent.delete(this.pingsSent.keys().next().value!);
    this.pingsSent.set(Buffer.from(payload).toString('hex'), performance.now());
    return this.afterCommand();
  }

  pong(payload?: Uint8Array): boolean {
    this.connection.pong(payload);
    return this.afterCommand();
  }

  close(code?: number, reason?: string): void {
    this.connection.close(code, reason);
    this.afterCommand();
  }

  /** Drop the TCP connection without a close handshake. */
  terminate(): void {
    if (this.transport) this.transport.destroy();
    else this.failSetup(new Error('terminated before the connection was established'));
  }

  private onOpen(): void {
    this.opened = true;
    this.clearHandshakeTimer();
    const { heartbeat, wireFaults } = this.options;
    if (wireFaults?.unsolicitedPongMs) {
      this.faultTimers.push(setInterval(() => this.readyState === 'OPEN' && this.pong(Buffer.from('unsolicited')), wireFaults.unsolicitedPongMs));
    }
    if (wireFaults?.dropAfterMs !== undefined) this.faultTimers.push(setTimeout(() => this.transport?.destroy(), wireFaults.dropAfterMs));
    if (heartbeat) {
      this.stopHeartbeat = startHeartbeat(this, heartbeat, (message) => this.emit('failure', new ProtocolError('WS_ERR_PONG_TIMEOUT', 1011, message)));
    }
    this.emit('open');
  }

  /** Milliseconds since we sent a ping with this payload, if we did. */
  private roundTrip(payload: Buffer): number | undefined {
    const sentAt = this.pingsSent.get(payload.toString('hex'));
    return sentAt === undefined ? undefined : Math.round((performance.now() - sentAt) * 1000) / 1000;
  }

  /** After a command: start the close timer if it sent a Close frame; false when the caller should wait for 'drain'. */
  private afterCommand(): boolean {
    this.watchClosing();
    return !(this.transport?.writableNeedDrain ?? false);
  }

  /**
   * One frame's pieces (header, payload) go out in one socket write whenever that is
   * cheap: adjacent views of one buffer (a masked frame) as one view, small pieces
   * copied together; larger ones through a corked writev, without copying.
   */
  private write(chunks: Uint8Array[]): void {
    const socket = this.transport;
    if (socket === null || socket.destroyed) return;
    if (this.slowWriter) {
      this.slowWriter.write(Buffer.concat(chunks));
      return;
    }
    if (chunks.length === 1) {
      socket.write(chunks[0]);
      return;
    }
    if (chunks.length === 2) {
      const [first, second] = chunks;
      if (first.length === 0 || second.length === 0) {
        if (first.length + second.length > 0) socket.write(first.length > 0 ? first : second);
        return;
      }
      const total = first.length + second.length;
      if (first.buffer === second.buffer && first.byteOffset + first.length === second.byteOffset) {
        socket.write(Buffer.from(first.buffer, first.byteOffset, total));
        return;
      }
      if (total <= COALESCE_LIMIT) {
        const joined = Buffer.allocUnsafe(total);
        joined.set(first, 0);
        joined.set(second, first.length);
        socket.write(joined);
        return;
      }
    }
    socket.cork();
    for (const chunk of chunks) if (chunk.length > 0) socket.write(chunk);
    socket.uncork();
  }

  private endTransport(): void {
    // A client whose opening handshake failed has no close handshake to wait for (§4.1, §7.1.7):
    // it drops TCP at once rather than wait closeTimeout for a server that may keep it open.
    const socket = this.transport;
    if (socket === null) return;
    if (this.connection.role === 'client' && !this.opened) {
      socket.destroy();
      return;
    }
    if (this.slowWriter) this.slowWriter.end(() => socket.end());
    else if (!socket.destroyed) socket.end();
    this.startCloseTimer();
  }

  /** Once a Close frame has gone either way, the peer has closeTimeout ms to finish. */
  private watchClosing(): void {
    if (this.connection.readyState === 'CLOSING') this.startCloseTimer();
  }

  private startCloseTimer(): void {
    const socket = this.transport;
    if (this.closeTimer !== null || socket === null || socket.destroyed) return;
    this.closeTimer = setTimeout(() => socket.destroy(), this.closeTimeout);
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
    this.stopHeartbeat?.();
    this.stopHeartbeat = null;
    for (const timer of this.faultTimers) clearTimeout(timer);
    this.faultTimers = [];
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
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return `the server's TLS certificate is not trusted: ${error.message} (trust it with --ca FILE, or skip the check with --insecure)`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const { host, cert } = error as NodeJS.ErrnoException & { host?: string; cert?: { subjectaltname?: string } };
      return `the server's TLS certificate is not valid for ${host ?? 'this host'}: it names ${cert?.subjectaltname ?? 'no alternative names'} (set the name to check with --servername NAME, or skip the check with --insecure)`;
    }
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return 'the server requires a client certificate (give one with --cert FILE --key FILE)';
    default: {
      // OpenSSL's messages span a line and name its source files: keep the reason only.
      const reason = openSslReason(error.message);
      if (reason === 'wrong version number') return 'the server did not answer in TLS (is it a ws:// server rather than wss://?)';
      return reason === null ? error.message : `the TLS handshake failed: ${reason}`;
    }
  }
}

function addressOf(error: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  return error.address ? `${error.address}${error.port !== undefined ? `:${error.port}` : ''}` : 'the host';
}
