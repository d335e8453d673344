import net from 'node:net';
import tls from 'node:tls';
import { ClientConnection, type ClientConnectionOptions } from '../protocol/client-connection';
import { HandshakeError, ProtocolError } from '../protocol/errors';
import { WsSocket, type TimeoutOptions } from './ws-socket';
import { parseWsUrl } from './ws-url';

export interface ConnectOptions extends Omit<ClientConnectionOptions, 'host' | 'port' | 'secure' | 'path'>, TimeoutOptions {
  /** Accept any server certificate (wss:// only). */
  insecure?: boolean;
}

/**
 * Open a WebSocket client connection. Returns at once; listen for 'open', 'failure'
 * and 'close'. Throws an Error for a URL or header that cannot be used.
 */
export function connect(url: string, options: ConnectOptions = {}): WsSocket {
  const target = parseWsUrl(url);
  const socket = target.secure
    ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, rejectUnauthorized: !options.insecure })
    : net.connect({ host: target.host, port: target.port });
  const ws = new WsSocket(socket, options);
  const connection = new ClientConnection({ ...options, ...target }, ws.createSink());
  ws.attach(connection);
  try {
    connection.start();
  } catch (error) {
    socket.destroy();
    if (error instanceof HandshakeError || error instanceof ProtocolError) throw new Error(error.message, { cause: error });
    throw error;
  }
  return ws;
}
