import type { ConnectRequest, SendMessageRequest, SessionKind, SessionState, SessionSummary } from '../../shared/api';
import { closeCodeName } from '../../shared/close-codes';
import { Opcode } from '../../shared/opcodes';
import type { CloseEvent } from '../protocol/connection';
import { connect } from '../transport/client';
import { WsServer } from '../transport/server';
import type { WsSocket } from '../transport/ws-socket';
import type { CaptureStore, TimelineItem } from './capture-store';
import type { Change } from './event-batcher';
import { canCraft, describeRawBytes, sendCraftedFrames, type CraftedStep } from './send-crafted';
import { sendMessage } from './send-message';
import { controlPayload, describeServerFaults, toConnectOptions, toServerOptions, type ServerStartOptions } from './transport-options';

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
  /** The options it connects with; null for a timeline kept for reading only (opened from a file). */
  request: ConnectRequest | null;
}

interface ServerClientSession extends SocketSession {
  kind: 'server-client';
  parentId: string;
}

interface ServerSession extends SessionBase {
  kind: 'server';
  /** Null when it is not running: it could not start when its workspace was opened, or it is a recorded timeline. */
  server: WsServer | null;
  /** What it was started with; null for a timeline kept for reading only. */
  request: ServerStartOptions | null;
  echo: boolean;
  clients: string[];
  stopping: Promise<void> | null;
}

type Session = ClientSession | ServerClientSession | ServerSession;

/** A session as a workspace file keeps it: which configuration it is, if any, and its parent. */
export interface SessionRecord {
  id: string;
  kind: SessionKind;
  label: string;
  parentId: string | null;
  /** Its index in the configurations `workspace()` returns (clients or servers, by kind); null when it has none. */
  config: number | null;
}

interface Listening {
  server: WsServer;
  port: number;
  url: string;
}

/** A timeline to put back into a new session, read from a file. */
export interface History {
  label: string;
  items: TimelineItem[];
}

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
    if (session.request === null) throw new Error(`${sessionId} is a recorded timeline opened from a file: it has no connection settings to reconnect with`);
    const ws = connect(session.request.url, toConnectOptions(session.request));
    this.dropSocket(session);
    this.captures.appendEvent(session.id, 'connecting', `reconnecting to ${session.request.url}`);
    Object.assign(session, { state: 'connecting', status: null });
    this.attach(session, ws);
    this.changed(session);
    return this.describe(session);
  }

  /** Start a local server; throws one sentence (port in use, bad certificate…) and then no session is created. */
  async startServer(request: ServerStartOptions): Promise<SessionSummary> {
    const listening = await this.listen(request);
    const session = this.newServer(request, listening.url);
    this.add(session);
    this.serve(session, request, listening);
    return this.describe(session);
  }

  /**
   * Start a server described by a workspace file, continuing its saved timeline. A server
   * that cannot start (its port is taken) stays in the workspace, stopped, saying why.
   */
  async restoreServer(request: ServerStartOptions, history: History | null): Promise<SessionSummary> {
    const session = this.newServer(request, history?.label ?? serverUrl(request));
    this.add(session, history);
    try {
      this.serve(session, request, await this.listen(request));
    } catch (error) {
      session.status = `could not start: ${(error as Error).message}`;
      this.captures.appendEvent(session.id, 'error', session.status);
      this.changed(session);
    }
    return this.describe(session);
  }

  /** A client connection described by a workspace file, closed until the user reconnects it, continuing its saved timeline. */
  restoreClient(request: ConnectRequest, history: History | null): SessionSummary {
    const session: ClientSession = { id: this.newId(), kind: 'client', parentId: null, label: request.url, state: 'closed', status: 'not connected: opened from a workspace', ws: null, request };
    this.add(session, history);
    return this.describe(session);
  }

  /** A timeline kept for reading only (a saved capture without settings, an imported HAR); a server's client names its server's session. */
  addRecorded(kind: SessionKind, parentId: string | null, history: History): SessionSummary {
    const base = { id: this.newId(), parentId: null, label: history.label, status: 'recorded: opened from a file' };
    let session: Session;
    if (kind === 'server') {
      session = { ...base, kind, state: 'stopped', server: null, request: null, echo: false, clients: [], stopping: null };
    } else if (kind === 'client') {
      session = { ...base, kind, state: 'closed', ws: null, request: null };
    } else {
      const parent = parentId === null ? null : this.serverSession(parentId);
      if (parent === null) throw new Error("a server's client needs its server");
      session = { ...base, kind, parentId: parent.id, state: 'closed', ws: null };
      parent.clients.push(session.id);
    }
    this.add(session, history);
    return this.describe(session);
  }

  /** Stop accepting and close every client with 1001 (RFC 6455 §7.4.1); resolves once all are gone. */
  stopServer(sessionId: string): Promise<void> {
    const session = this.serverSession(sessionId);
    const server = session.server;
    if (server === null) return Promise.resolve();
    session.stopping ??= server.close().then(() => {
      session.state = 'stopped';
      session.status = 'stopped';
      this.captures.appendEvent(session.id, 'stopped', 'stopped; every client was closed');
      this.changed(session);
    });
    return session.stopping;
  }

  setEcho(sessionId: string, echo: boolean): SessionSummary {
    const session = this.serverSession(sessionId);
    if (session.request === null) throw new Error(`${sessionId} is a recorded timeline opened from a file: it has no server to set`);
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

  /** Send crafted frames, each after its delay, from a client or from a server to one of its clients. */
  async sendFrames(sessionId: string, steps: CraftedStep[]): Promise<number> {
    const session = this.socketSession(sessionId);
    const ws = this.craftingSocket(session);
    return sendCraftedFrames(ws, session.kind === 'client' ? 'client' : 'server', steps, () => session.ws === ws);
  }

  /** Write bytes straight to the socket; the timeline notes them, since no frame is parsed from them. */
  sendRawBytes(sessionId: string, bytes: Buffer): number {
    const session = this.socketSession(sessionId);
    const ws = this.craftingSocket(session);
    ws.sendRawBytes(bytes);
    this.captures.appendEvent(session.id, 'note', describeRawBytes(bytes));
    return bytes.length;
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

  /**
   * What a workspace file keeps: the settings of every client connection, of every server
   * that is listening (or that could not start when its workspace was opened), and every
   * session with its place among them. Parents come before their clients.
   */
  workspace(): { clients: ConnectRequest[]; servers: ServerStartOptions[]; sessions: SessionRecord[] } {
    const clients: ConnectRequest[] = [];
    const servers: ServerStartOptions[] = [];
    const sessions = [...this.sessions.values()].map((session): SessionRecord => {
      let config: number | null = null;
      if (session.kind === 'client' && session.request !== null) config = clients.push(session.request) - 1;
      if (session.kind === 'server' && session.request !== null && (session.state === 'listening' || session.server === null)) {
        config = servers.push({ ...session.request, echo: session.echo }) - 1;
      }
      return { id: session.id, kind: session.kind, label: session.label, parentId: session.parentId, config };
    });
    return { clients, servers, sessions };
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

  private add(session: Session, history: History | null = null): void {
    this.sessions.set(session.id, session);
    this.captures.create(session.id);
    if (history) this.captures.restore(session.id, history.items);
    this.changed(session);
  }

  private newServer(request: ServerStartOptions, label: string): ServerSession {
    return { id: this.newId(), kind: 'server', parentId: null, label, state: 'stopped', status: null, server: null, request, echo: request.echo, clients: [], stopping: null };
  }

  private async listen(request: ServerStartOptions): Promise<Listening> {
    const server = new WsServer(await toServerOptions(request));
    const { host, port } = await server.listen();
    return { server, port, url: `${server.secure ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${port}` };
  }

  /** A server that listens: its session shows the address and every misbehaviour it was told to commit. */
  private serve(session: ServerSession, request: ServerStartOptions, { server, port, url }: Listening): void {
    Object.assign(session, { server, label: url, state: 'listening', status: `listening on ${url}`, request: { ...request, port } });
    this.captures.appendEvent(session.id, 'listening', `listening on ${url}`);
    for (const line of describeServerFaults(request)) this.captures.appendEvent(session.id, 'note', `misbehaving on purpose: ${line}`);
    server.on('accept', (ws) => this.addServerClient(session, ws));
    server.on('tlsError', (message) => this.captures.appendEvent(session.id, 'error', message));
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

  private craftingSocket(session: SocketSession): WsSocket {
    if (session.ws === null || !canCraft(session.ws)) throw new Error(`${session.id} is not open (${session.state})`);
    return session.ws;
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

/** The address a server will have, before it listens. */
function serverUrl(request: ServerStartOptions): string {
  return `${request.tls ? 'wss' : 'ws'}://${request.host.includes(':') ? `[${request.host}]` : request.host}:${request.port}`;
}

/** "closed 1000 Normal Closure (clean)", as the timeline and the status line show it. */
export function describeClose(event: CloseEvent): string {
  const reason = event.reason ? `: ${event.reason}` : '';
  return `closed ${event.code} ${closeCodeName(event.code)}${reason} (${event.wasClean ? 'clean' : 'not clean'})`;
}
