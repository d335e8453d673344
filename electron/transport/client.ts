import net from 'node:net';
import tls from 'node:tls';
import { ClientConnection, type ClientConnectionOptions } from '../protocol/client-connection';
import { ProtocolError } from '../protocol/errors';
import { openTunnel, parseProxyUrl, proxyFromEnvironment } from './proxy';
import { DEFAULT_TIMEOUTS, WsSocket, type WsSocketOptions } from './ws-socket';
import { parseWsUrl, type WsTarget } from './ws-url';

// `key` is the TLS client key here; the engine's `key` (a Sec-WebSocket-Key to inject) is not offered.
export interface ConnectOptions extends Omit<ClientConnectionOptions, 'host' | 'port' | 'secure' | 'path' | 'key'>, WsSocketOptions {
  /** Accept any server certificate (wss:// only). */
  insecure?: boolean;
  /** PEM: the CAs to trust instead of the system's, a client certificate and its key. */
  ca?: string;
  cert?: string;
  key?: string;
  /** The TLS server name (SNI) to send; the URL's host name by default. */
  servername?: string;
  /** An http:// proxy to tunnel through with CONNECT; false for none; absent to follow HTTP(S)_PROXY. */
  proxy?: string | false;
}

/**
 * Open a WebSocket client connection. Returns at once; listen for 'open', 'failure'
 * and 'close'. Throws an Error, synchronously, for a URL, header or proxy URL that
 * cannot be used.
 */
export function connect(url: string, options: ConnectOptions = {}): WsSocket {
  const target = parseWsUrl(url);
  const proxyUrl = options.proxy === false ? undefined : (options.proxy ?? proxyFromEnvironment(target));
  const proxy = proxyUrl === undefined ? null : parseProxyUrl(proxyUrl);
  const ws = new WsSocket(options);
  let connection: ClientConnection;
  try {
    connection = new ClientConnection({ ...options, ...target, key: undefined }, ws.createSink());
  } catch (error) {
    if (error instanceof ProtocolError) throw new Error(error.message, { cause: error });
    throw error;
  }
  // Opened before bind(): its timer, as long as the handshake timer, fires first and names the silent proxy.
  const tunnel = proxy === null ? null : openTunnel(proxy, target, options.handshakeTimeout ?? DEFAULT_TIMEOUTS.handshakeTimeout);
  ws.bind(connection);
  const ready = (socket: net.Socket) => {
    ws.attach(socket);
    if (connection.readyState === 'CONNECTING') connection.start();
  };
  if (tunnel === null) {
    ready(target.secure ? tls.connect(tlsOptions(target, options)) : net.connect({ host: target.host, port: target.port }));
  } else {
    tunnel.then(
      (tunnel) => ready(target.secure ? tls.connect({ ...tlsOptions(target, options), socket: tunnel }) : tunnel),
      (error: Error) => ws.failSetup(error),
    );
  }
  return ws;
}

function tlsOptions(target: WsTarget, options: ConnectOptions): tls.ConnectionOptions {
  const servername = options.servername ?? (net.isIP(target.host) ? undefined : target.host);
  return {
    host: target.host,
    port: target.port,
    servername,
    rejectUnauthorized: !options.insecure,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    ALPNProtocols: ['http/1.1'],
  };
}
