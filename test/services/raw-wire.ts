// Raw TCP peers for the services tests, written apart from the engine: each completes the
// opening handshake by hand (RFC 6455 §4) and then records every byte that arrives, with
// its arrival time, so a test can assert exactly what went on the wire.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { onTestFinished } from 'vitest';
import { HOST, until } from './helpers';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** The bytes after the opening handshake, as they arrived. */
export class WireRecorder {
  readonly chunks: Array<{ at: number; bytes: Buffer }> = [];
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('close', () => (this.closed = true));
    // A reset is how some tests end; the bytes recorded so far are what matters.
    socket.on('error', () => socket.destroy());
  }

  record(bytes: Buffer): void {
    if (bytes.length > 0) this.chunks.push({ at: performance.now(), bytes: Buffer.from(bytes) });
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks.map((chunk) => chunk.bytes));
  }

  /** Wait until `count` bytes have arrived, and return them. */
  async take(count: number, ms = 3_000): Promise<Buffer> {
    await until(() => this.bytes.length >= count, `${count} bytes on the wire (got ${this.bytes.toString('hex')})`, ms);
    return this.bytes.subarray(0, count);
  }

  /** When the byte at `offset` arrived. */
  arrivalOf(offset: number): number {
    let seen = 0;
    for (const chunk of this.chunks) {
      seen += chunk.bytes.length;
      if (seen > offset) return chunk.at;
    }
    throw new Error(`byte ${offset} has not arrived`);
  }
}

/** Split an HTTP head from what follows it; null until the blank line arrives. */
function splitHead(buffer: Buffer): { head: string; rest: Buffer } | null {
  const end = buffer.indexOf('\r\n\r\n');
  return end === -1 ? null : { head: buffer.subarray(0, end + 4).toString('latin1'), rest: buffer.subarray(end + 4) };
}

/** A server that answers every opening handshake with a correct 101 and records what each client sends next. */
export async function rawServer(): Promise<{ url: string; next: () => Promise<WireRecorder> }> {
  const accepted: WireRecorder[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const recorder = new WireRecorder(socket);
    let buffered = Buffer.alloc(0);
    let open = false;
    socket.on('data', (chunk: Buffer) => {
      if (open) return recorder.record(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      const split = splitHead(buffered);
      if (split === null) return;
      const key = /^Sec-WebSocket-Key: *(\S+)/im.exec(split.head)?.[1] ?? '';
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
      open = true;
      recorder.record(split.rest);
      accepted.push(recorder);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://${HOST}:${port}/raw`,
    next: async () => {
      await until(() => accepted.length > 0, 'a client completing the handshake');
      return accepted.shift() as WireRecorder;
    },
  };
}

/** A client that completes the opening handshake with the server at `url` and records what the server sends next. */
export async function rawClient(url: string): Promise<WireRecorder> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  onTestFinished(() => {
    socket.destroy();
  });
  const recorder = new WireRecorder(socket);
  const key = randomBytes(16).toString('base64');
  socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let buffered = Buffer.alloc(0);
  let open = false;
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      if (open) return recorder.record(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      const split = splitHead(buffered);
      if (split === null) return;
      if (!split.head.startsWith('HTTP/1.1 101 ')) return reject(new Error(`the server refused the handshake: ${split.head}`));
      open = true;
      recorder.record(split.rest);
      resolve();
    });
    socket.once('close', () => reject(new Error('the connection closed during the handshake')));
  });
  return recorder;
}
