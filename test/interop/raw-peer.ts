// A raw RFC 6455 peer over node:net, written independently of the engine under test: it
// puts exact bytes on the wire (valid or hostile) and reads back exactly what arrives,
// frame by frame, until the TCP connection closes. Used as a client against `wsb serve`
// and as a server against `wsb connect`.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { HOST, within } from './helpers';

/** The masking key raw clients use (any fixed key will do; §5.3 only asks clients to mask). */
export const RAW_MASK_KEY = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

export interface RawFrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  /** The three RSV bits as a number: 4 = RSV1, 2 = RSV2, 1 = RSV3. */
  rsv?: number;
  /** Declared payload length when it should differ from the payload's (§5.2, 7/16/64-bit forms). */
  length?: bigint;
  /** Length form to write; the minimal one by default. */
  lengthForm?: 7 | 16 | 64;
}

/** One frame's bytes (RFC 6455 §5.2); masked with `maskKey` when it is given. */
export function encodeRawFrame(spec: RawFrameSpec, maskKey: Buffer | null): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : Buffer.from(spec.payload ?? []);
  const length = spec.length ?? BigInt(payload.length);
  const form = spec.lengthForm ?? (length <= 125n ? 7 : length <= 0xffffn ? 16 : 64);
  const lengthBytes = form === 7 ? Buffer.alloc(0) : Buffer.alloc(form === 16 ? 2 : 8);
  if (form === 16) lengthBytes.writeUInt16BE(Number(length));
  if (form === 64) lengthBytes.writeBigUInt64BE(length);
  const len7 = form === 7 ? Number(length) : form === 16 ? 126 : 127;
  const b0 = (spec.fin === false ? 0 : 0x80) | ((spec.rsv ?? 0) << 4) | spec.opcode;
  const b1 = (maskKey ? 0x80 : 0) | len7;
  const body = maskKey ? Buffer.from(payload.map((byte, i) => byte ^ maskKey[i & 3])) : payload;
  return Buffer.concat([Buffer.from([b0, b1]), lengthBytes, maskKey ?? Buffer.alloc(0), body]);
}

/** A Close payload: the code, then the reason (§5.5.1). */
export function closePayload(code: number, reason: Uint8Array | string = ''): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code);
  return Buffer.concat([head, typeof reason === 'string' ? Buffer.from(reason, 'utf8') : reason]);
}

/** A frame as it arrived: every header field, the unmasked payload and the exact bytes. */
export interface WireFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  wire: Buffer;
}

/** Split whole frames off the front of `buffer`; returns them and what is left. */
function parseFrames(buffer: Buffer): { frames: WireFrame[]; rest: Buffer } {
  const frames: WireFrame[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const b0 = buffer[at];
    const b1 = buffer[at + 1];
    const masked = (b1 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    const extra = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const headerSize = 2 + extra + (masked ? 4 : 0);
    if (buffer.length - at < headerSize) break;
    const length = len7 === 126 ? buffer.readUInt16BE(at + 2) : len7 === 127 ? Number(buffer.readBigUInt64BE(at + 2)) : len7;
    if (buffer.length - at < headerSize + length) break;
    const key = masked ? buffer.subarray(at + 2 + extra, at + headerSize) : null;
    const body = buffer.subarray(at + headerSize, at + headerSize + length);
    const payload = key ? Buffer.from(body.map((byte, i) => byte ^ key[i & 3])) : Buffer.from(body);
    frames.push({ fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, payload, wire: Buffer.from(buffer.subarray(at, at + headerSize + length)) });
    at += headerSize + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** One raw connection after the opening handshake. */
export class RawPeer {
  private buffer: Buffer;
  private readonly frames: WireFrame[] = [];
  private readonly listeners = new Set<() => void>();
  private tcpClosed = false;
  /** A socket error, if one happened (ECONNRESET shows a peer that reset rather than closed). */
  socketError: Error | null = null;

  constructor(
    readonly socket: net.Socket,
    initial: Buffer,
    /** The masking key for frames we send with `send()`: our role's masking (§5.1). */
    readonly maskKey: Buffer | null,
  ) {
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => (this.socketError = error));
    const ended = (): void => {
      this.tcpClosed = true;
      this.notify();
    };
    socket.once('end', ended);
    socket.once('close', ended);
    this.receive(initial);
    socket.resume();
  }

  /** Write raw bytes, in one write each. */
  write(...chunks: Buffer[]): void {
    for (const chunk of chunks) this.socket.write(chunk);
  }

  /** Write frames, masked as our role requires, in one write. */
  send(...specs: RawFrameSpec[]): void {
    this.socket.write(Buffer.concat(specs.map((spec) => encodeRawFrame(spec, this.maskKey))));
  }

  /** The next frame; rejects when TCP closes first or after `ms`. */
  nextFrame(ms = 3_000): Promise<WireFrame> {
    return this.until(
      () => {
        const frame = this.frames.shift();
        if (frame) return frame;
        if (this.tcpClosed) throw new Error(`the peer closed TCP instead of sending a frame${this.unparsed()}`);
        return undefined;
      },
      ms,
      'a frame from the peer',
    );
  }

  /** Every frame still to come until the peer closes TCP; rejects after `ms` or on bytes that are not whole frames. */
  async framesUntilTcpClose(ms = 3_000): Promise<WireFrame[]> {
    try {
      await this.until(() => (this.tcpClosed ? true : undefined), ms, 'TCP close by the peer');
    } catch (error) {
      throw new Error(`${(error as Error).message}; frames received meanwhile: ${this.frames.map(describeFrame).join(', ') || 'none'}${this.unparsed()}`, { cause: error });
    }
    if (this.buffer.length > 0) throw new Error(`the peer closed TCP after ${this.buffer.length} bytes that are not a whole frame${this.unparsed()}`);
    return this.frames.splice(0);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    const { frames, rest } = parseFrames(Buffer.concat([this.buffer, chunk]));
    this.frames.push(...frames);
    this.buffer = rest;
    this.notify();
  }

  private unparsed(): string {
    return this.buffer.length > 0 ? ` (unparsed: ${this.buffer.subarray(0, 32).toString('hex')})` : '';
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private until<T>(poll: () => T | undefined, ms: number, what: string): Promise<T> {
    let listener: (() => void) | undefined;
    const result = new Promise<T>((resolve, reject) => {
      listener = () => {
        try {
          const value = poll();
          if (value === undefined) return;
          this.listeners.delete(listener!);
          resolve(value);
        } catch (error) {
          this.listeners.delete(listener!);
          reject(error);
        }
      };
      this.listeners.add(listener);
      listener();
    });
    return within(result, ms, what).finally(() => this.listeners.delete(listener!));
  }
}

export function describeFrame(frame: WireFrame): string {
  return `{fin:${frame.fin} rsv:${frame.rsv} opcode:${frame.opcode} masked:${frame.masked} payload:${frame.payload.subarray(0, 16).toString('hex')}${frame.payload.length > 16 ? '…' : ''} (${frame.payload.length} B)}`;
}

export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** Bytes up to and including the blank line that ends an HTTP head, and any that follow. */
function readHead(socket: net.Socket, ms: number): Promise<{ head: string; rest: Buffer }> {
  let onData: ((chunk: Buffer) => void) | undefined;
  let onClose: (() => void) | undefined;
  const head = new Promise<{ head: string; rest: Buffer }>((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      // Hold further bytes in the socket until the RawPeer takes over (it resumes it).
      socket.pause();
      resolve({ head: buffered.subarray(0, end + 4).toString('latin1'), rest: buffered.subarray(end + 4) });
    };
    onClose = () => reject(new Error(`the connection closed before a complete HTTP head (got ${JSON.stringify(buffered.toString('latin1'))})`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
  return within(head, ms, 'an HTTP head').finally(() => {
    socket.off('data', onData!);
    socket.off('close', onClose!);
  });
}

/** A raw client that completed the opening handshake (§4.1) with the server on `port`. */
export async function rawClient(port: number, path = '/', ms = 5_000): Promise<RawPeer> {
  const socket = net.connect(port, HOST);
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      ms,
      'TCP connect',
    );
    const key = randomBytes(16).toString('base64');
    socket.write([`GET ${path} HTTP/1.1`, `Host: ${HOST}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'));
    const { head, rest } = await readHead(socket, ms);
    if (!head.startsWith('HTTP/1.1 101 ')) throw new Error(`the server refused the handshake: ${head}`);
    const accept = /^Sec-WebSocket-Accept: *(\S+)/im.exec(head)?.[1];
    if (accept !== acceptFor(key)) throw new Error(`wrong Sec-WebSocket-Accept in ${head}`);
    return new RawPeer(socket, rest, RAW_MASK_KEY);
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

/** A connection the raw server accepted: the peer, and the opening request as it arrived. */
export interface RawConnection {
  peer: RawPeer;
  request: string;
}

/**
 * A raw server. Each connection is matched to `accept(path)` by its request target, answered
 * with a correct 101 (§4.2.2) and handed over as a RawPeer that sends unmasked frames.
 */
export class RawServer {
  private readonly server = net.createServer((socket) => this.handle(socket));
  private readonly sockets = new Set<net.Socket>();
  private readonly arrived = new Map<string, RawConnection>();
  private readonly waiting = new Map<string, (connection: RawConnection) => void>();
  port = 0;

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, HOST, resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `ws://${HOST}:${this.port}${path}`;
  }

  /** The connection that asked for `path`, once its handshake is answered. */
  accept(path: string, ms = 10_000): Promise<RawConnection> {
    const ready = this.arrived.get(path);
    if (ready) {
      this.arrived.delete(path);
      return Promise.resolve(ready);
    }
    return within(new Promise<RawConnection>((resolve) => this.waiting.set(path, resolve)), ms, `a client asking for ${path}`).finally(() => this.waiting.delete(path));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await within(new Promise<void>((resolve) => this.server.close(() => resolve())), 5_000, 'the raw server to close');
  }

  private handle(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    readHead(socket, 5_000).then(
      ({ head, rest }) => {
        const path = /^GET (\S+) HTTP\/1\.1\r\n/.exec(head)?.[1] ?? '';
        const key = /^Sec-WebSocket-Key: *(\S+)/im.exec(head)?.[1] ?? '';
        socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptFor(key)}`, '', ''].join('\r\n'));
        // §5.1: a server never masks.
        const connection: RawConnection = { peer: new RawPeer(socket, rest, null), request: head };
        const waiter = this.waiting.get(path);
        if (waiter) waiter(connection);
        else this.arrived.set(path, connection);
      },
      () => socket.destroy(),
    );
  }
}
