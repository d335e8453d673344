import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { ServerConnection, type ServerConnectionOptions } from '../protocol/server-connection';
import { checkTlsFiles, openSslReason, type TlsFiles } from './tls-setup';
import { checkHeartbeat } from './heartbeat';
import { WsSocket, type WsSocketOptions } from './ws-socket';

export interface ServerOptions extends ServerConnectionOptions, WsSocketOptions {
  host?: string;
  port?: number;
  /** Serve wss://: the PEM certificate and key. */
  tls?: TlsFiles;
}

export interface ClientInfo {
  remoteAddress: string;
  path: string | null;
}

export interface WsServerEvents {
  /** A client completed the opening handshake. */
  connection: [ws: WsSocket, info: ClientInfo];
  /** A client connected at the TCP level; its handshake may still fail. */
  accept: [ws: WsSocket];
  /** A client's TLS handshake failed (wss:// only): one line. */
  tlsError: [message: string];
}

/** A WebSocket server on a TCP port, ws:// or wss://: one engine connection per client. */
export class WsServer extends EventEmitter<WsServerEvents> {
  private readonly server: net.Server;
  private readonly clients = new Set<WsSocket>();

  constructor(private readonly options: ServerOptions = {}) {
    super();
    if (options.heartbeat) checkHeartbeat(options.heartbeat);
    if (options.tls) {
      checkTlsFiles(options.tls);
      const server = tls.createServer({ cert: options.tls.cert, key: options.tls.key }, (socket) => this.accept(socket));
      server.on('tlsClientError', (error) => this.emit('tlsError', `a client's TLS handshake failed: ${describeTlsClientError(error)}`));
      this.server = server;
    } else {
      this.server = net.createServer((socket) => this.accept(socket));
    }
  }

  get secure(): boolean {
    return this.options.tls !== undefined;
  }

  /** Start listening; rejects with one clear sentence (port in use, bad host…). */
  listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 8080;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(new Error(describeListenError(error, host, port)));
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        const address = this.server.address() as net.AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  get connections(): ReadonlySet<WsSocket> {
    return this.clients;
  }

  /**
   * Stop accepting, close every client with 1001 Going Away (RFC 6455 §7.4.1), and
   * resolve once all are gone (stragglers are dropped after the close timeout).
   */
  async close(): Promise<void> {
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const goneClients = [...this.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          if (ws.readyState === 'OPEN') ws.close(1001, 'server shutting down');
          else if (ws.readyState === 'CONNECTING') ws.terminate();
        }),
    );
    await Promise.all([closing, ...goneClients]);
  }

  private accept(socket: net.Socket): void {
    const { ws, connection } = serveSocket(socket, this.options);
    this.clients.add(ws);
    ws.once('close', () => this.clients.delete(ws));
    ws.once('open', () => this.emit('connection', ws, { remoteAddress: ws.remoteAddress, path: connection.path }));
    this.emit('accept', ws);
  }
}

/** Run the server side of the protocol on an accepted socket. */
export function serveSocket(socket: net.Socket, options: ServerConnectionOptions & WsSocketOptions): { ws: WsSocket; connection: ServerConnection } {
  const ws = new WsSocket(options);
  const connection = new ServerConnection(options, ws.createSink());
  ws.bind(connection);
  ws.attach(socket);
  return { ws, connection };
}

function describeTlsClientError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNRESET') return 'the client closed the connection (did it reject our certificate?)';
  const reason = openSslReason(error.message);
  if (reason === 'http request') return 'it sent plain HTTP (a ws:// URL?) to this wss:// server';
  return reason ?? error.message;
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use`;
    case 'EACCES':
      return `permission denied to listen on ${host}:${port}`;
    case 'EADDRNOTAVAIL':
      return `the address ${host} is not available on this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host ${host}`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}
