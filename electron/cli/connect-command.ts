import { parseArgs } from 'node:util';
import { closeCodeName } from '../../shared/close-codes';
import type { CloseEvent } from '../protocol/connection';
import { connect, type ConnectOptions } from '../transport/client';
import type { WsSocket } from '../transport/ws-socket';
import { readPem } from '../transport/tls-setup';
import { COMMON_FLAGS, COMMON_HELP, deflateFromFlags, heartbeatFromFlags } from './common-flags';
import { echo, formatMessage, printTimeline, readLines } from './output';
import { parseByteCount, parseHeader, UsageError } from './usage-error';

export const CONNECT_HELP = `Usage: wsb connect URL [options]

Open a WebSocket connection. Without --echo, each line of stdin is sent as a text
message and each message received is printed (binary as hex); at the end of stdin
the connection is closed with 1000. Exit status 0 after a clean close.

Options:
  --echo                 send every received message back with the same type
  -H, --header "N: v"    add a request header (repeatable)
  --subprotocol NAME     offer a subprotocol (repeatable)
  --origin ORIGIN        send an Origin header
  --insecure             accept any TLS certificate (wss://)
  --ca FILE              trust the CA certificates in FILE (PEM) instead of the system's
  --cert FILE --key FILE present a client certificate (PEM)
  --servername NAME      the TLS server name (SNI) to send
  --proxy URL            tunnel through an HTTP proxy: http://[user:pass@]host:port
  --no-proxy             ignore HTTP_PROXY / HTTPS_PROXY
  --max-message BYTES    largest message (and frame) to accept
${COMMON_HELP}
  --json                 print the handshake and every frame as JSON lines
  -h, --help             show this help

Examples:
  echo hello | wsb connect ws://127.0.0.1:8080/
  wsb connect wss://example.test/chat --subprotocol chat -H "Authorization: Bearer t" --json
  wsb connect wss://127.0.0.1:8443/ --ca server.pem --deflate --ping-interval 1000`;

export async function connectCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      echo: { type: 'boolean' },
      header: { type: 'string', short: 'H', multiple: true },
      subprotocol: { type: 'string', multiple: true },
      origin: { type: 'string' },
      insecure: { type: 'boolean' },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      servername: { type: 'string' },
      proxy: { type: 'string' },
      'no-proxy': { type: 'boolean' },
      'max-message': { type: 'string' },
      ...COMMON_FLAGS,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(CONNECT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('wsb connect takes exactly one URL (see wsb connect --help)');
  const maxMessage = values['max-message'] === undefined ? undefined : parseByteCount(values['max-message'], '--max-message');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  if (values.proxy !== undefined && values['no-proxy']) throw new UsageError('--proxy and --no-proxy contradict each other');

  const ws = connectOrUsageError(positionals[0], {
    headers: (values.header ?? []).map(parseHeader),
    subprotocols: values.subprotocol,
    origin: values.origin,
    insecure: values.insecure,
    ca: values.ca === undefined ? undefined : readPem(values.ca, 'CA file'),
    cert: values.cert === undefined ? undefined : readPem(values.cert, 'client certificate'),
    key: values.key === undefined ? undefined : readPem(values.key, 'client key'),
    servername: values.servername,
    proxy: values['no-proxy'] ? false : values.proxy,
    maxMessageSize: maxMessage,
    maxFrameSize: maxMessage,
    deflate: deflateFromFlags(values),
    heartbeat: heartbeatFromFlags(values),
    autoPong: !values['no-auto-pong'],
    recordFrames: values.json,
  });
  let failure: Error | null = null;
  ws.on('failure', (error) => (failure ??= error));
  if (values.json) printTimeline(ws);
  if (values.echo) echo(ws);
  else {
    if (!values.json) ws.on('message', (kind, data) => console.log(formatMessage(kind, data)));
    ws.once('open', () =>
      readLines(
        (line) => {
          if (ws.readyState === 'OPEN') ws.sendText(line);
        },
        () => {
          if (ws.readyState === 'OPEN') ws.close(1000);
        },
      ),
    );
  }
  process.once('SIGINT', () => (ws.readyState === 'OPEN' ? ws.close(1000) : ws.terminate()));

  const event = await new Promise<CloseEvent>((resolve) => ws.once('close', resolve));
  process.stdin.destroy();
  if (event.wasClean && (event.code === 1000 || event.code === 1001 || event.code === 1005)) return 0;
  console.error(`wsb: ${describeClose(event, failure)}`);
  return 1;
}

/** connect() throws only for a URL or a header that cannot be used: a mistake in the call, so exit 2. */
function connectOrUsageError(url: string, options: ConnectOptions): WsSocket {
  try {
    return connect(url, options);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function describeClose(event: CloseEvent, failure: Error | null): string {
  if (failure) return failure.message;
  if (!event.wasClean) return 'the connection closed without a close handshake (1006 Abnormal Closure)';
  const reason = event.reason ? `: ${event.reason}` : '';
  return `closed by the ${event.initiatedBy === 'remote' ? 'server' : 'client'} with ${event.code} ${closeCodeName(event.code)}${reason}`;
}
