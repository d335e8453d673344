import { parseArgs } from 'node:util';
import { WsServer } from '../transport/server';
import type { WsSocket } from '../transport/ws-socket';
import { echo, formatMessage, printJson, printTimeline, readLines } from './output';
import { readPem, selfSignedCertificate, type TlsFiles } from '../transport/tls-setup';
import { COMMON_FLAGS, COMMON_HELP, deflateFromFlags, heartbeatFromFlags } from './common-flags';
import { FAULT_FLAGS, faultsFromFlags } from './fault-flags';
import { parseByteCount, parsePort, UsageError } from './usage-error';

export const SERVE_HELP = `Usage: wsb serve [options]

Run a WebSocket server. Prints "listening on ws://HOST:PORT" once it accepts
connections. Without --echo, each message received is printed and each line of
stdin is sent to every connected client. Ctrl+C closes every client with 1001.

Options:
  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port to listen on, 0 for any free one (default 8080)
  --echo                 send every message back with the same type
  --subprotocol NAME     a subprotocol to accept, in order of preference (repeatable)
  --max-message BYTES    largest message (and frame) to accept
  --tls-cert FILE --tls-key FILE   serve wss:// with this certificate and key (PEM)
  --tls-self-signed      serve wss:// with a fresh self-signed certificate for localhost
${COMMON_HELP}
  --json                 print each handshake and every frame as JSON lines
  -h, --help             show this help

Examples:
  wsb serve --port 9000 --echo
  wsb serve --port 0 --subprotocol chat --json
  wsb serve --port 8443 --echo --tls-self-signed --deflate --ping-interval 5000
  wsb serve --port 9001 --echo --fault-wrong-accept

Misbehaving on purpose, to test clients:
  --fault-wrong-accept        answer with a wrong Sec-WebSocket-Accept
  --fault-status N            answer N instead of 101 Switching Protocols
  --fault-subprotocol NAME    select a subprotocol the client did not offer
  --fault-extension EXT       enable an extension the client did not offer
  --fault-unsolicited-pong MS send an unsolicited pong every MS
  --fault-drop-after MS       drop TCP without a Close frame MS after the handshake
  --fault-byte-by-byte        write frames one byte at a time
  --fault-write-delay MS      wait MS before writing each frame
  (--no-auto-pong never answers pings)`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      echo: { type: 'boolean' },
      subprotocol: { type: 'string', multiple: true },
      'max-message': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean' },
      ...FAULT_FLAGS,
      ...COMMON_FLAGS,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  const maxMessage = values['max-message'] === undefined ? undefined : parseByteCount(values['max-message'], '--max-message');
  const faults = faultsFromFlags(values);
  for (const line of faults.lines) console.error(`misbehaving on purpose: ${line}`);
  const server = new WsServer({
    host: values.host,
    port: parsePort(values.port),
    subprotocols: values.subprotocol,
    maxMessageSize: maxMessage,
    maxFrameSize: maxMessage,
    deflate: deflateFromFlags(values),
    heartbeat: heartbeatFromFlags(values),
    autoPong: !values['no-auto-pong'],
    tls: await tlsFromFlags(values),
    handshakeFaults: faults.handshake,
    wireFaults: faults.wire,
    recordFrames: values.json,
  });
  server.on('tlsError', (message) => console.error(message));
  let nextClient = 1;
  server.on('accept', (ws) => {
    const client = nextClient++;
    if (values.json) printTimeline(ws, { client });
    else logLifecycle(ws, client);
    if (values.echo) echo(ws);
    else if (!values.json) ws.on('message', (kind, data) => console.log(formatMessage(kind, data)));
  });

  const { host, port } = await server.listen();
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `${server.secure ? 'wss' : 'ws'}://${shown}:${port}`;
  if (values.json) printJson({ type: 'listening', url, message: `listening on ${url}` });
  else console.log(`listening on ${url}`);

  if (!values.echo) readLines((line) => broadcast(server, line), () => undefined);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

function broadcast(server: WsServer, line: string): void {
  for (const ws of server.connections) if (ws.readyState === 'OPEN') ws.sendText(line);
}

function logLifecycle(ws: WsSocket, client: number): void {
  ws.on('open', () => console.error(`client ${client}: connected from ${ws.remoteAddress}`));
  ws.on('failure', (error) => console.error(`client ${client}: ${error.message}`));
  ws.on('close', (event) => console.error(`client ${client}: closed ${event.code}${event.reason ? ` ${event.reason}` : ''}`));
}

async function tlsFromFlags(values: { 'tls-cert'?: string; 'tls-key'?: string; 'tls-self-signed'?: boolean }): Promise<TlsFiles | undefined> {
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if (values['tls-self-signed']) {
    if (cert !== undefined || key !== undefined) throw new UsageError('--tls-self-signed and --tls-cert/--tls-key contradict each other');
    return selfSignedCertificate();
  }
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return { cert: readPem(cert, 'certificate'), key: readPem(key, 'key') };
}
