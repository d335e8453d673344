import type { ConnectRequest, SendMessageRequest, SessionKind, SessionState, SessionSummary } from '../../shared/api';
import { closeCodeName } from '../../shared/close-codes';
import { Opcode } from '../../shared/opcodes';
import type { CloseEvent } from '../protocol/connection';
import { connect } from '../transport/client';
import { WsServer } from '../transport/server';
import type { WsSocket } from '../transport/ws-socket';
import type { CaptureStore } from './capture-store';
import type { Change } from './event-batcher';
import { sendMessage } from './send-message';
import { controlPayload, toConnectOptions, toServerOptions, type ServerStartOptions } from './transport-options';

interface SessionBase {
  readonly id: string;
  readonly kind: SessionKind;
  readonly parentId: string | null;
  label: string;
  state: SessionState;
  status: string | null;
}

interface SocketSession extends SessionBase {
  kind: 'client' | 'server-client';
  ws: WsSocket | null;
}

interface ClientSession extends SocketSession {
  kind: 'client';
  request: ConnectRequest;
}

interface ServerClientSession extends SocketSession {
  kind: 'server-client';
  parentId: string;
}

interface ServerSession extends SessionBase {
  kind: 'server';
  server: WsServer;
  request: ServerStartOptions;
  echo: boolean;
  clients: string[];
  stopping: Promise<void> | null;
}

type Session = ClientSession | ServerClientSession | ServerSession;

/**
 * Every session the workbench holds: client connections, local servers, and each
 * server's clients (sessions of their own, with the server as parent). Each session's
 * timeline goes to the capture store; every change is reported through `notify`.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private nextId = 1;

  constructor(
    private readonly captures: CaptureStore,
    private readonly notify: (change: Change) => void,
  ) {}

  list(): SessionSummary[] {
    return [...this.sessions.values()].map((session) => this.describe(session));
  }

  summary(sessionId: string): SessionSummary | null {
    const session = this.sessions.get(sessionId);
    return session ? this.describe(session) : null;
  }

  /** Open a client connection; throws one sentence for a URL or option that cannot be used. */
  connect(request: ConnectRequest): SessionSummary {
    const ws = connect(request.url, toConnectOptions(request));
    const session: ClientSession = { id: this.newId(), kind: 'client', parentId: null, label: request.url, state: 'connecting', status: null, ws: null, request };
    this.add(session);
    this.captures.appendEvent(session.id, 'connecting', `connecting to ${request.url}`);
    this.attach(session, ws);
    return this.describe(session);
  }

  /** Open a client session again with the options it was opened with; drops the current connection first. */
  reconnect(sessionId: string): SessionSummary {
    const session = this.socketSession(sessionId);
    if (session.kind !== 'client') throw new Error(`${sessionId} is one of a server's clients: only client connections can reconnect`);
    const ws = connect(session.request.url, toConnectOptions(session.request));
    this.dropSocket(session);
    this.captures.appendEvent(session.id, 'connecting', `reconnecting to ${session.request.url}`);
    Object.assign(session, { state: 'connecting', status: null });
    this.attach(session, ws);
    this.changed(session);
    return this.describe(session);
  }

  async startServer(request: ServerStartOptions): Promise<SessionSummary> {
    const server = new WsServer(await toServerOptions(request));
    const { host, port } = await server.listen();
    const url = `${server.secure ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const session: ServerSession = { id: this.newId(), kind: 'server', parentId: null, label: url, state: 'listening', status: `listening on ${url}`, server, request: { ...request, port }, echo: request.echo, clients: [], stopping: null };
    this.add(session);
    this.captures.appendEvent(session.id, 'listening', `listening on ${url}`);
    server.on('accept', (ws) => this.addServerClient(session, ws));
    server.on('tlsError', (message) => this.captures.appendEvent(session.id, 'error', message));
    return this.describe(session);
  }

  /** Stop accepting and close every client with 1001 (RFC 6455 §7.4.1); resolves once all are gone. */
  stopServer(sessionId: string): Promise<void> {
    const session = this.serverSession(sessionId);
    session.stopping ??= session.server.close().then(() => {
      session.state = 'stopped';
      session.status = 'stopped';
      this.captures.appendEvent(session.id, 'stopped', 'stopped; every client was closed');
      this.changed(session);
    });
    return session.stopping;
  }

  setEcho(sessionId: string, echo: boolean): SessionSummary {
    const session = this.serverSession(sessionId);
    session.echo = echo;
    this.captures.appendEvent(session.id, 'note', echo ? 'echo on' : 'echo off');
    this.changed(session);
    return this.describe(session);
  }

  /** Send one message to every open client of a server; returns how many got it. */
  broadcast(sessionId: string, kind: 'text' | 'binary', data: Buffer): number {
    const server = this.serverSession(sessionId);
    let sent = 0;
    for (const clientId of server.clients) {
      const client = this.sessions.get(clientId) as ServerClientSession | undefined;
      if (client?.ws?.readyState !== 'OPEN') continue;
      client.ws.send(kind, data);
      sent++;
    }
    return sent;
  }

  async sendMessage(request: SendMessageRequest): Promise<number> {
    const session = this.socketSession(request.sessionId);
    const ws = this.openSocket(session);
    const data = Buffer.from(request.data, 'base64');
    return sendMessage(ws, { ...request, data }, () => session.ws === ws);
  }

  ping(sessionId: string, payloadBase64 = ''): void {
    const session = this.socketSession(sessionId);
    const ws = this.openSocket(session);
    ws.ping(controlPayload(payloadBase64, 'a ping payload'));
  }

  /** Start the close handshake; a server session stops; a connection still opening is dropped. */
  async close(sessionId: string, code?: number, reason?: string): Promise<void> {
    const session = this.get(sessionId);
    if (session.kind === 'server') return this.stopServer(sessionId);
    if (session.ws === null || session.state === 'closed') throw new Error(`${sessionId} is already closed`);
    if (session.ws.readyState === 'CONNECTING') {
      this.captures.appendEvent(session.id, 'note', 'dropped while the opening handshake was under way');
      session.ws.terminate();
      return;
    }
    session.ws.close(code, reason);
  }

  /** Drop the TCP connection without a close handshake (a server: stop and drop every client). */
  async terminate(sessionId: string): Promise<void> {
    const session = this.get(sessionId);
    if (session.kind === 'server') {
      for (const clientId of session.clients) (this.sessions.get(clientId) as ServerClientSession | undefined)?.ws?.terminate();
      return this.stopServer(sessionId);
    }
    if (session.ws === null || session.state === 'closed') throw new Error(`${sessionId} is already closed`);
    session.ws.terminate();
  }

  /** Forget a session and its capture, dropping whatever it still has open (a server: with its clients). */
  async remove(sessionId: string): Promise<void> {
    const session = this.get(sessionId);
    if (session.kind === 'server') {
      await this.terminate(sessionId);
      for (const clientId of session.clients) this.forget(this.sessions.get(clientId));
    } else {
      this.dropSocket(session);
      if (session.parentId !== null) {
        const parent = this.sessions.get(session.parentId) as ServerSession | undefined;
        if (parent) parent.clients = parent.clients.filter((id) => id !== sessionId);
      }
    }
    this.forget(session);
  }

  /** The client connections and servers to open again from a workspace. */
  workspace(): { clients: ConnectRequest[]; servers: ServerStartOptions[] } {
    const sessions = [...this.sessions.values()];
    return {
      clients: sessions.flatMap((session) => (session.kind === 'client' ? [session.request] : [])),
      servers: sessions.flatMap((session) => (session.kind === 'server' && session.state === 'listening' ? [session.request] : [])),
    };
  }

  /** Remove every session; used by File › New and on shutdown. */
  async clear(): Promise<void> {
    const top = [...this.sessions.values()].filter((session) => session.parentId === null);
    await Promise.all(top.map((session) => this.remove(session.id)));
  }

  private addServerClient(server: ServerSession, ws: WsSocket): void {
    const label = ws.remoteAddress;
    const session: ServerClientSession = { id: this.newId(), kind: 'server-client', parentId: server.id, label, state: 'connecting', status: null, ws: null };
    server.clients.push(session.id);
    this.add(session);
    this.attach(session, ws);
    ws.on('open', () => {
      this.captures.appendEvent(server.id, 'client-connected', `${session.id} connected from ${label}`);
      this.changed(server);
    });
    ws.on('message', (kind, data) => {
      if (!server.echo || ws.readyState !== 'OPEN') return;
      // Back-pressure: stop reading from a client that does not read its echoes.
      if (!ws.send(kind, data)) ws.pauseUntilDrained();
    });
  }

  private attach(session: SocketSession, ws: WsSocket): void {
    session.ws = ws;
    const current = () => session.ws === ws && this.sessions.has(session.id);
    ws.on('handshake', (record) => {
      if (!current()) return;
      this.captures.appendHandshake(session.id, record);
      if (record.error !== null) session.status = record.error;
    });
    ws.on('open', () => {
      if (!current()) return;
      session.state = 'open';
      session.status = null;
      this.captures.appendEvent(session.id, 'open', 'open');
      this.changed(session);
    });
    ws.on('frame', (direction, frame, crafted) => {
      if (!current()) return;
      if (direction === 'out' && frame.opcode === Opcode.Close) session.state = 'closing';
      this.captures.appendFrame(session.id, direction, frame, crafted);
    });
    ws.on('failure', (error) => {
      if (!current()) return;
      session.status = error.message;
      this.captures.appendEvent(session.id, 'error', error.message);
      this.changed(session);
    });
    ws.on('close', (event) => {
      if (!current()) return;
      session.state = 'closed';
      const text = describeClose(event);
      session.status ??= text;
      this.captures.appendEvent(session.id, 'close', text, { closeCode: event.code, wasClean: event.wasClean });
      this.changed(session);
    });
  }

  private dropSocket(session: SocketSession): void {
    const ws = session.ws;
    session.ws = null;
    ws?.terminate();
  }

  private add(session: Session): void {
    this.sessions.set(session.id, session);
    this.captures.create(session.id);
    this.changed(session);
  }

  private forget(session: Session | undefined): void {
    if (!session || !this.sessions.delete(session.id)) return;
    this.captures.remove(session.id);
    this.notify({ type: 'removed', sessionId: session.id });
  }

  private changed(session: SessionBase): void {
    this.notify({ type: 'session', sessionId: session.id });
  }

  private newId(): string {
    return `s${this.nextId++}`;
  }

  private get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`there is no session ${sessionId}`);
    return session;
  }

  private socketSession(sessionId: string): ClientSession | ServerClientSession {
    const session = this.get(sessionId);
    if (session.kind === 'server') throw new Error(`${sessionId} is a server: send to one of its clients, or broadcast to all`);
    return session;
  }

  private serverSession(sessionId: string): ServerSession {
    const session = this.get(sessionId);
    if (session.kind !== 'server') throw new Error(`${sessionId} is not a server`);
    return session;
  }

  private openSocket(session: SocketSession): WsSocket {
    if (session.ws?.readyState !== 'OPEN') throw new Error(`${session.id} is not open (${session.state})`);
    return session.ws;
  }

  private describe(session: Session): SessionSummary {
    return {
      id: session.id,
      kind: session.kind,
      parentId: session.parentId,
      label: session.label,
      state: session.state,
      ...this.captures.counts(session.id),
      ...(session.kind === 'server' ? { echo: session.echo } : {}),
      status: session.status,
    };
  }
}

/** "closed 1000 Normal Closure (clean)", as the timeline and the status line show it. */
export function describeClose(event: CloseEvent): string {
  const reason = event.reason ? `: ${event.reason}` : '';
  return `closed ${event.code} ${closeCodeName(event.code)}${reason} (${event.wasClean ? 'clean' : 'not clean'})`;
}
