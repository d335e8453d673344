// `wsb` as a user runs it: `node bin/wsb.js` in a child process (dist/ is rebuilt by
// test/global-setup.ts), against our server, raw TCP servers, or our client.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import type { MessageKind } from '../../electron/protocol/connection';
import {
  acceptFor,
  HOST,
  nextServerSide,
  openClient,
  readHead,
  RFC_ACCEPT,
  startEchoServer,
  startRawServer,
  startRawWebSocketServer,
  startServer,
  switchingProtocols,
  until,
  waitFor,
} from './helpers';
import { killAllWsb, runWsb, startWsb, type WsbExit } from './wsb-process';

afterEach(killAllWsb);

/** STYLE.md §7: exactly one line on stderr, `wsb: ` and a sentence, no stack trace. */
function expectOneErrorLine(result: WsbExit, message: string | RegExp, exitCode: number): void {
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith('wsb: ')).toBe(true);
  expect(lines[0].slice('wsb: '.length)).toMatch(typeof message === 'string' ? new RegExp(`^${escape(message)}$`) : message);
  expect(result.code).toBe(exitCode);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A port with nothing listening on it: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('wsb --help', () => {
  it('wsb --help lists the commands and exits 0', async () => {
    const result = await runWsb(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: wsb <command> [options]');
    expect(result.stdout).toMatch(/^ {2}serve\b/m);
    expect(result.stdout).toMatch(/^ {2}connect\b/m);
    expect(result.stderr).toBe('');
  });

  it.each([
    ['serve', 'Usage: wsb serve [options]', '--port PORT'],
    ['connect', 'Usage: wsb connect URL [options]', '--json'],
  ])('wsb %s --help shows its usage and exits 0', async (command, usage, option) => {
    const result = await runWsb([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect(result.stdout).toContain(option);
    expect(result.stderr).toBe('');
  });
});

describe('wsb serve', () => {
  it('--port 0 --echo prints where it listens, echoes, and on SIGINT closes clients with 1001 and exits 0', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo');
    const [line, port] = await wsb.output(/^listening on ws:\/\/127\.0\.0\.1:(\d+)\n/);
    expect(line).toBe(`listening on ws://127.0.0.1:${port}\n`);

    const ws = await openClient(`ws://${HOST}:${port}/`);
    ws.sendText('hello, wsb');
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from('hello, wsb')]);
    ws.sendBinary(Buffer.from([0, 1, 2, 0xff]));
    expect(await waitFor(ws, 'message')).toEqual(['binary', Buffer.from([0, 1, 2, 0xff])]);

    const closed = waitFor(ws, 'close');
    wsb.child.kill('SIGINT');
    const [event] = await closed;
    expect(event).toEqual({ code: 1001, reason: 'server shutting down', wasClean: true, initiatedBy: 'remote' });
    const result = await wsb.exit();
    expect(result.code).toBe(0);
  });

  it('without --echo prints each message received and sends each stdin line to every client', async () => {
    const wsb = startWsb('serve', '--port', '0');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const ws = await openClient(`ws://${HOST}:${port}/`);
    await wsb.output(/client 1: connected from 127\.0\.0\.1:\d+/, 'stderr');

    ws.sendText('from the client');
    ws.sendBinary(Buffer.from([0xca, 0xfe]));
    await wsb.output(/from the client\n\[binary 2 B\] cafe\n/);

    const message = waitFor(ws, 'message');
    wsb.child.stdin.write('from the server\n');
    expect(await message).toEqual(['text', Buffer.from('from the server')]);
    ws.close(1000);
    await wsb.output(/client 1: closed 1000\n/, 'stderr');
  });

  it('--max-message refuses a larger message with 1009 Message Too Big and says why', async () => {
    const wsb = startWsb('serve', '--port', '0', '--echo', '--max-message', '16');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const ws = await openClient(`ws://${HOST}:${port}/`);
    ws.sendText('sixteen bytes ok');
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from('sixteen bytes ok')]);
    const closed = waitFor(ws, 'close');
    ws.sendText('seventeen bytes !');
    expect((await closed)[0]).toMatchObject({ code: 1009, wasClean: true, initiatedBy: 'remote' });
    await wsb.output(/^client 1: a frame of 17 bytes exceeds the 16-byte limit$/m, 'stderr');
  });

  it('a port in use: one line on stderr, exit 1', async () => {
    const { port } = await startRawServer(() => undefined);
    expectOneErrorLine(await runWsb(['serve', '--port', String(port)]), `port ${port} on 127.0.0.1 is already in use`, 1);
  });

  it('an unknown option: one line on stderr, exit 2', async () => {
    expectOneErrorLine(await runWsb(['serve', '--port', '0', '--bogus']), /^Unknown option '--bogus'/, 2);
  });

  it('a port that is not a number: one line on stderr, exit 2', async () => {
    expectOneErrorLine(await runWsb(['serve', '--port', 'http']), '--port takes a number from 0 to 65535, not "http"', 2);
  });
});

describe('wsb connect', () => {
  it('--echo sends back what our server sends, with the same type, and exits 0 after the server closes with 1000', async () => {
    const { server, url } = await startServer();
    const echoes: Array<[MessageKind, string]> = [];
    server.on('connection', (ws) => {
      ws.on('message', (kind, data) => {
        echoes.push([kind, kind === 'text' ? data.toString() : data.toString('hex')]);
        if (echoes.length === 2) ws.close(1000, 'done');
      });
      ws.sendText('first');
      ws.sendBinary(Buffer.from([0, 1, 2, 0xff]));
    });
    const result = await startWsb('connect', url, '--echo').exit();
    expect(echoes).toEqual([
      ['text', 'first'],
      ['binary', '000102ff'],
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('sends each stdin line as text, prints what comes back, closes with 1000 at the end of stdin, exits 0', async () => {
    const { server, url } = await startEchoServer();
    const serverSide = nextServerSide(server);
    const wsb = startWsb('connect', url);
    const peer = await serverSide;
    const closedAtServer = waitFor(peer, 'close');
    wsb.child.stdin.end('one\ntwo\nthree ✓\n');
    const result = await wsb.exit();
    expect(result.stdout).toBe('one\ntwo\nthree ✓\n');
    expect(result.code).toBe(0);
    expect((await closedAtServer)[0]).toEqual({ code: 1000, reason: '', wasClean: true, initiatedBy: 'remote' });
  });

  it('prints text as is and binary as hex', async () => {
    const { server, url } = await startServer();
    server.on('connection', (ws) => {
      ws.sendText('plain text');
      ws.sendBinary(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
      ws.close(1000);
    });
    const result = await startWsb('connect', url).exit();
    expect(result.stdout).toBe('plain text\n[binary 4 B] deadbeef\n');
    expect(result.code).toBe(0);
  });

  it('SIGINT closes the connection with 1000 and exits 0', async () => {
    const { server, url } = await startServer();
    const serverSide = nextServerSide(server);
    const wsb = startWsb('connect', url);
    const peer = await serverSide;
    const closedAtServer = waitFor(peer, 'close');
    wsb.child.kill('SIGINT');
    expect((await closedAtServer)[0]).toMatchObject({ code: 1000, wasClean: true });
    expect((await wsb.exit()).code).toBe(0);
  });

  it('the server drops TCP (abnormal close): exit 1 with the reason', async () => {
    const { server, url } = await startServer();
    server.on('connection', (ws) => ws.terminate());
    expectOneErrorLine(await startWsb('connect', url).exit(), 'the connection closed without a close handshake (1006 Abnormal Closure)', 1);
  });

  it('the server resets TCP: exit 1 with the reason', async () => {
    // The server resets once wsb, open, sends the first stdin line.
    const { url } = await startRawWebSocketServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const wsb = startWsb('connect', url);
    wsb.child.stdin.write('are you still there?\n');
    expectOneErrorLine(await wsb.exit(), 'the peer reset the connection', 1);
  });

  it('the server closes with an error code: exit 1 with the code, its name and the reason', async () => {
    const { server, url } = await startServer();
    server.on('connection', (ws) => ws.close(1011, 'database unavailable'));
    expectOneErrorLine(await startWsb('connect', url).exit(), 'closed by the server with 1011 Internal Error: database unavailable', 1);
  });
});

describe('wsb connect --json', () => {
  it('prints the handshake, open, every frame both ways with every header field, and the close', async () => {
    const { server, url } = await startEchoServer({ recordFrames: true });
    const atServer: Frame[] = [];
    server.on('accept', (ws) => ws.on('frame', (direction, frame) => direction === 'in' && atServer.push(frame)));
    const wsb = startWsb('connect', url, '--json');
    wsb.child.stdin.write('hello\n');
    await wsb.output(/"direction":"in".*"text":"hello"/);
    wsb.child.stdin.end();
    const result = await wsb.exit();
    expect(result.code).toBe(0);

    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => (line.type === 'frame' ? `${line.direction} ${line.opcodeName}` : line.type))).toEqual([
      'handshake',
      'open',
      'out text',
      'in text',
      'out close',
      'in close',
      'close',
    ]);
    for (const line of lines) expect(line.time).toEqual(expect.any(Number));
    const [handshake, open, outText, inText, outClose, inClose, close] = lines;

    const accept = handshake.accept as { key: string; expected: string; received: string; ok: boolean };
    expect(handshake).toMatchObject({ role: 'client', status: 101, subprotocol: null, extensions: null, error: null });
    expect(handshake.request).toMatch(/^GET \/ HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n[^]*\r\n\r\n$/);
    expect(handshake.response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(accept).toEqual({ key: accept.key, expected: acceptFor(accept.key), received: acceptFor(accept.key), ok: true });
    expect(open).toMatchObject({ subprotocol: null });

    const header = { fin: true, rsv1: false, rsv2: false, rsv3: false, lengthForm: 7 };
    expect(outText).toMatchObject({ ...header, opcode: 1, masked: true, payloadLength: 5, payload: Buffer.from('hello').toString('base64'), text: 'hello' });
    expect(inText).toMatchObject({ ...header, opcode: 1, masked: false, maskKey: null, payloadLength: 5, header: '8105', text: 'hello' });
    expect(outClose).toMatchObject({ ...header, opcode: 8, masked: true, payloadLength: 2, closeCode: 1000, closeReason: '' });
    expect(inClose).toMatchObject({ ...header, opcode: 8, masked: false, maskKey: null, header: '8802', closeCode: 1000 });
    expect(close).toMatchObject({ code: 1000, reason: '', wasClean: true, initiatedBy: 'local' });

    // The headers the CLI printed are the bytes the server received, mask keys included.
    for (const [printed, received] of [
      [outText, atServer[0]],
      [outClose, atServer[1]],
    ] as const) {
      expect(printed.maskKey).toMatch(/^[0-9a-f]{8}$/);
      expect(printed.maskKey).toBe(Buffer.from(received.maskKey!).toString('hex'));
      expect(printed.header).toBe(Buffer.from(received.header).toString('hex'));
    }
    expect(outText.header).toBe(`8185${outText.maskKey as string}`);
  });
});

describe('wsb errors: one line on stderr, no stack trace, non-zero exit', () => {
  it.each([
    ['http://x', 'unsupported scheme "http": use ws:// or wss://'],
    ['not a url', 'not a valid URL: "not a url" (expected ws://host:port/path or wss://…)'],
    ['ws://127.0.0.1:0/', 'invalid port 0: it must be a whole number from 1 to 65535'],
  ])('a bad URL %j is a mistake in the call: exit 2', async (url, message) => {
    expectOneErrorLine(await runWsb(['connect', url]), message, 2);
  });

  it('an unknown option: exit 2', async () => {
    expectOneErrorLine(await runWsb(['connect', 'ws://127.0.0.1:9/', '--bogus']), /^Unknown option '--bogus'/, 2);
  });

  it('an unknown command: exit 2', async () => {
    expectOneErrorLine(await runWsb(['frobnicate']), 'unknown command "frobnicate" (try wsb --help)', 2);
  });

  it('connect without a URL: exit 2', async () => {
    expectOneErrorLine(await runWsb(['connect']), 'wsb connect takes exactly one URL (see wsb connect --help)', 2);
  });

  it('a refused connection: exit 1', async () => {
    const port = await closedPort();
    expectOneErrorLine(await runWsb(['connect', `ws://${HOST}:${port}/`]), `connection refused by 127.0.0.1:${port}`, 1);
  });

  it('a server that drops the connection after reading the request: exit 1', async () => {
    const { url } = await startRawServer((socket) => void readHead(socket).then(() => socket.destroy()));
    expectOneErrorLine(await runWsb(['connect', url]), 'the connection closed during the opening handshake', 1);
  });

  it('a server answering 404 (and keeping the connection open): exit 1, promptly', async () => {
    const { url } = await startRawServer((socket) => {
      socket.allowHalfOpen = true;
      void readHead(socket).then(() => socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    });
    expectOneErrorLine(await runWsb(['connect', url], '', 2_000), 'server answered 404 Not Found instead of 101 Switching Protocols', 1);
  });

  it('a server answering with the wrong Sec-WebSocket-Accept: exit 1, naming both values', async () => {
    let expected = '';
    const { url } = await startRawServer((socket) => {
      void readHead(socket).then(({ head }) => {
        expected = acceptFor(/^Sec-WebSocket-Key: *(\S+)/im.exec(head)?.[1] ?? '');
        socket.write(switchingProtocols(RFC_ACCEPT));
      });
    });
    const result = await runWsb(['connect', url]);
    await until(() => expected !== '', 'the request at the raw server');
    expectOneErrorLine(result, `Sec-WebSocket-Accept mismatch: expected ${expected}, got ${RFC_ACCEPT}`, 1);
  });
});
