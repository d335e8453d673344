/**
 * Test wiring for the connection state machine: a recording sink, endpoints brought to OPEN by a
 * real opening handshake, and a client and a server joined back to back in memory.
 */
import { ClientConnection, type ClientConnectionOptions } from '../../electron/protocol/client-connection';
import type { CloseEvent, Connection, ConnectionOptions, ConnectionSink, MessageKind, Role } from '../../electron/protocol/connection';
import type { ProtocolError } from '../../electron/protocol/errors';
import type { Frame } from '../../shared/frame-record';
import { encodeFrame, type FrameSpec } from '../../electron/protocol/frame-encoder';
import { buildClientRequest, type ClientHandshakeOptions } from '../../electron/protocol/handshake-client';
import { buildAcceptResponse } from '../../electron/protocol/handshake-server';
import { ServerConnection, type ServerConnectionOptions } from '../../electron/protocol/server-connection';
import { chunkings, toHex } from './bytes';

/** The masking key of the RFC 6455 §5.7 examples; every client in these tests masks with it. */
export const RFC_MASK_KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
/** The Sec-WebSocket-Key of RFC 6455 §1.3. */
export const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

export const HANDSHAKE: ClientHandshakeOptions = { host: 'server.example.com', port: 80, secure: false, path: '/chat' };

export type SinkEvent =
  | ['open']
  | ['message', MessageKind, string]
  | ['ping', string]
  | ['pong', string]
  | ['error', string, number]
  | ['close', CloseEvent]
  | ['end'];

/** A frame as the sink's `frame` hook saw it: direction, the crafted flag, exact header and clear payload. */
export interface FrameNote {
  direction: 'in' | 'out';
  crafted: boolean;
  opcode: number;
  payloadLength: number;
  header: string;
  payload: string;
}

/** A sink that records every write (as hex, one entry per write call) and every event, in order. */
export class Recorder implements ConnectionSink {
  writes: string[] = [];
  events: SinkEvent[] = [];
  errors: ProtocolError[] = [];
  frames: FrameNote[] = [];
  /** The inflated sizes of compressed messages, as the frame hook reported them. */
  inflatedLengths: number[] = [];
  /** Bytes for a peer, when wired to one; copies, because the receiver unmasks in place. */
  outbox: Buffer[] = [];

  write(chunks: Uint8Array[]): void {
    const bytes = Buffer.concat(chunks);
    this.writes.push(toHex(bytes));
    this.outbox.push(bytes);
  }

  end(): void {
    this.events.push(['end']);
  }

  open(): void {
    this.events.push(['open']);
  }

  /** Text as a string, binary as hex. */
  message(kind: MessageKind, data: Buffer): void {
    this.events.push(['message', kind, kind === 'text' ? data.toString('utf8') : toHex(data)]);
  }

  ping(payload: Buffer): void {
    this.events.push(['ping', toHex(payload)]);
  }

  pong(payload: Buffer): void {
    this.events.push(['pong', toHex(payload)]);
  }

  error(error: ProtocolError): void {
    this.errors.push(error);
    this.events.push(['error', error.code, error.closeCode]);
  }

  close(event: CloseEvent): void {
    this.events.push(['close', event]);
  }

  frame(direction: 'in' | 'out', frame: Frame, crafted: boolean): void {
    const { opcode, payloadLength } = frame;
    this.frames.push({ direction, crafted, opcode, payloadLength, header: toHex(frame.header), payload: toHex(frame.payload) });
    if (frame.inflated) this.inflatedLengths.push(frame.inflated.length);
  }

  clear(): void {
    this.writes = [];
    this.events = [];
    this.errors = [];
    this.frames = [];
    this.inflatedLengths = [];
    this.outbox = [];
  }
}

export interface Endpoint<C extends Connection = Connection> {
  conn: C;
  rec: Recorder;
}

/** A server that has accepted an opening request; its recorder starts empty. */
export function openServer(options: ConnectionOptions = {}): Endpoint<ServerConnection> {
  const rec = new Recorder();
  const conn = new ServerConnection(options, rec);
  conn.receiveData(buildClientRequest(HANDSHAKE, RFC_KEY));
  if (conn.readyState !== 'OPEN') throw new Error(`server handshake failed: ${JSON.stringify(rec.events)}`);
  rec.clear();
  return { conn, rec };
}

/** A client that has sent its request and accepted a 101; it masks with RFC_MASK_KEY unless told otherwise. */
export function openClient(options: ConnectionOptions = {}): Endpoint<ClientConnection> {
  const rec = new Recorder();
  const clientOptions: ClientConnectionOptions = { ...HANDSHAKE, key: RFC_KEY, maskKey: () => RFC_MASK_KEY, ...options };
  const conn = new ClientConnection(clientOptions, rec);
  conn.start();
  conn.receiveData(buildAcceptResponse(RFC_KEY, null));
  if (conn.readyState !== 'OPEN') throw new Error(`client handshake failed: ${JSON.stringify(rec.events)}`);
  rec.clear();
  return { conn, rec };
}

export function openEndpoint(role: Role, options: ConnectionOptions = {}): Endpoint {
  return role === 'client' ? openClient(options) : openServer(options);
}

/** The bytes the peer of `role` would send for `spec`: masked with the RFC key towards a server (§5.3). */
export function fromPeer(role: Role, spec: FrameSpec): Buffer {
  return Buffer.concat(encodeFrame({ maskKey: role === 'server' ? RFC_MASK_KEY : null, ...spec }));
}

/** The exact Close frame `role` writes for `code` (no reason), spelled out byte by byte (§5.5.1, §5.3). */
export function closeFrameHex(role: Role, code: number): string {
  const codeBytes = [code >> 8, code & 0xff];
  if (role === 'server') return toHex(Uint8Array.of(0x88, 0x02, ...codeBytes));
  return toHex(Uint8Array.of(0x88, 0x82, ...RFC_MASK_KEY, codeBytes[0] ^ RFC_MASK_KEY[0], codeBytes[1] ^ RFC_MASK_KEY[1]));
}

export interface Pair {
  client: Endpoint<ClientConnection>;
  server: Endpoint<ServerConnection>;
  /** Deliver what each side wrote to the other, until both are quiet. */
  flush(): void;
}

/**
 * A client and a server back to back. Delivery is queued, not reentrant: a write is handed to the
 * peer only on `flush()`, as a socket would, so one side is never re-entered from its own sink.
 */
export function connectPair(clientOptions: Partial<ClientConnectionOptions> = {}, serverOptions: ServerConnectionOptions = {}): Pair {
  const clientRec = new Recorder();
  const serverRec = new Recorder();
  const client = new ClientConnection({ ...HANDSHAKE, key: RFC_KEY, maskKey: () => RFC_MASK_KEY, ...clientOptions }, clientRec);
  const server = new ServerConnection(serverOptions, serverRec);
  const flush = (): void => {
    while (clientRec.outbox.length > 0 || serverRec.outbox.length > 0) {
      for (const bytes of clientRec.outbox.splice(0)) server.receiveData(bytes);
      for (const bytes of serverRec.outbox.splice(0)) client.receiveData(bytes);
    }
  };
  client.start();
  flush();
  if (client.readyState !== 'OPEN' || server.readyState !== 'OPEN') throw new Error('the pair did not open');
  clientRec.clear();
  serverRec.clear();
  return { client: { conn: client, rec: clientRec }, server: { conn: server, rec: serverRec }, flush };
}

/** What a fresh open endpoint recorded after being fed `wire` in one chunking. */
export interface ChunkedRun {
  label: string;
  writes: string[];
  events: SinkEvent[];
}

/** Feed `wire` to a fresh open endpoint of `role`, whole, split at every boundary and byte by byte. */
export function feedEveryWay(role: Role, wire: Uint8Array, options: ConnectionOptions = {}): ChunkedRun[] {
  return chunkings(wire).map(({ label, pieces }) => {
    const { conn, rec } = openEndpoint(role, options);
    for (const piece of pieces) conn.receiveData(piece);
    return { label, writes: rec.writes, events: rec.events };
  });
}
