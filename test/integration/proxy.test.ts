// HTTP proxies with CONNECT (RFC 9110 §9.3.6), through a real proxy: tinyproxy (tinyproxy.ts),
// once open and once demanding Basic credentials. Our client tunnels ws:// and wss:// to our
// server; the proxy URL comes from `proxy`, `--proxy` or HTTP(S)_PROXY, minus NO_PROXY.
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions } from '../../electron/transport/client';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { makeCertificates, type TestCertificates } from './certificates';
import { acceptFor, HOST, nextServerSide, readHead, startClient, startEchoServer, startRawServer, waitFor, within } from './helpers';
import { freePort, startTinyproxy, type Tinyproxy } from './tinyproxy';
import { killAllWsb, runWsb, type WsbExit } from './wsb-process';

/** tinyproxy's Basic credentials (its config takes letters, digits and .-_ only). */
const USER = 'wsb';
const PASSWORD = 'secret';

let openProxy: Tinyproxy | undefined;
let guardedProxy: Tinyproxy | undefined;
let certs: TestCertificates;
/** Why the proxies could not start: every test then fails with it (never skips). */
let setupProblem: Error | null = null;

beforeAll(async () => {
  certs = await makeCertificates();
  try {
    [openProxy, guardedProxy] = await Promise.all([startTinyproxy(), startTinyproxy({ user: USER, password: PASSWORD })]);
  } catch (error) {
    setupProblem = error as Error;
  }
});
beforeEach(() => {
  if (setupProblem) throw setupProblem;
});
afterAll(async () => {
  await Promise.all([openProxy?.stop(), guardedProxy?.stop()]);
  certs?.remove();
});
afterEach(killAllWsb);

/** The proxy without credentials, and the one that demands them (beforeEach has checked both started). */
const open = { get port() { return openProxy!.port; }, get url() { return openProxy!.url; } };
const guarded = { get port() { return guardedProxy!.port; }, get url() { return guardedProxy!.url; } };

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/**
 * Run `start` (which reads the environment synchronously: connect(), or spawning wsb) with
 * exactly these proxy variables set, then put the environment back.
 */
function withProxyEnv<T>(variables: Record<string, string>, start: () => T): T {
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, variables);
  try {
    return start();
  } finally {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

/** Our client once open, or the failure message; `start` opens it. */
async function outcome(start: () => WsSocket): Promise<{ ws: WsSocket; opened: true } | { message: string; code: number; opened: false }> {
  const ws = start();
  // A failed setup emits 'failure' and 'close' in one go: listen for both first.
  const closed = waitFor(ws, 'close');
  closed.catch(() => undefined); // awaited only when the connection fails
  const result = await within(
    new Promise<{ error?: Error }>((resolve) => {
      ws.once('open', () => resolve({}));
      ws.once('failure', (error) => resolve({ error }));
    }),
    5_000,
    'open or failure',
  );
  if (!result.error) return { ws, opened: true };
  const [event] = await closed;
  return { message: result.error.message, code: event.code, opened: false };
}

/** Our client, dropped after the test; env-free unless `start` is wrapped in withProxyEnv. */
function client(url: string, options: ConnectOptions): () => WsSocket {
  return () => startClient(url, options);
}

/** Whether `ws` reached its server through the proxy: its own TCP peer is the proxy's port. */
function tcpPeerPort(ws: WsSocket): number | undefined {
  return ws.socket?.remotePort;
}

function expectOneErrorLine(result: WsbExit, message: string, exitCode: number): void {
  expect(result.stderr).toBe(`wsb: ${message}\n`);
  expect(result.code).toBe(exitCode);
}

describe('connect() through tinyproxy', () => {
  it('ws:// through the proxy: the tunnel carries the handshake and the messages; the client talks TCP to the proxy only', async () => {
    const { server, url } = await startEchoServer();
    const serverSide = nextServerSide(server);
    const result = await outcome(client(url, { proxy: open.url }));
    if (!result.opened) throw new Error(result.message);
    const { ws } = result;
    expect(tcpPeerPort(ws)).toBe(open.port);
    const peer = await serverSide;
    // The server's peer is tinyproxy's outgoing socket, not the client's.
    expect(peer.remoteAddress).not.toBe(`${HOST}:${ws.socket!.localPort}`);
    ws.sendText('through the tunnel');
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from('through the tunnel')]);
  });

  it('wss:// through the proxy: TLS runs end to end inside the tunnel, so the client sees the server\'s own certificate', async () => {
    const { port } = await startEchoServer({ tls: certs.server });
    const ws = startClient(`wss://${HOST}:${port}/`, { proxy: open.url, ca: certs.ca.cert });
    const [record] = await waitFor(ws, 'handshake');
    expect(record.tls).toMatchObject({ authorized: true, peerCertificate: { fingerprint256: new X509Certificate(certs.server.cert).fingerprint256 } });
    expect((ws.socket as TLSSocket).encrypted).toBe(true);
    expect(tcpPeerPort(ws)).toBe(open.port);
    ws.sendBinary(Buffer.from([1, 2, 3]));
    expect(await waitFor(ws, 'message')).toEqual(['binary', Buffer.from([1, 2, 3])]);
  });

  it('Basic credentials from the URL are accepted by the proxy', async () => {
    const { url } = await startEchoServer();
    const result = await outcome(client(url, { proxy: guarded.url }));
    expect(result.opened).toBe(true);
  });

  it('the credentials are percent-decoded before they are sent', async () => {
    const { url } = await startEchoServer();
    const result = await outcome(client(url, { proxy: `http://%77sb:s%65cret@${HOST}:${guarded.port}` }));
    expect(result.opened).toBe(true);
  });

  it('wrong credentials: the proxy\'s status line, 401 Unauthorized from this tinyproxy, and no connection', async () => {
    const { port, url } = await startEchoServer();
    const result = await outcome(client(url, { proxy: `http://${USER}:wrong@${HOST}:${guarded.port}` }));
    expect(result).toEqual({ message: `the proxy http://${HOST}:${guarded.port} refused the tunnel to ${HOST}:${port}: 401 Unauthorized`, code: 1006, opened: false });
  });

  it('no credentials: 407 Proxy Authentication Required', async () => {
    const { port, url } = await startEchoServer();
    const result = await outcome(client(url, { proxy: `http://${HOST}:${guarded.port}` }));
    expect(result).toMatchObject({ message: `the proxy http://${HOST}:${guarded.port} refused the tunnel to ${HOST}:${port}: 407 Proxy Authentication Required`, opened: false });
  });

  it('a target the proxy cannot reach: the proxy\'s 500 Unable to connect', async () => {
    const closed = await freePort();
    const result = await outcome(client(`ws://${HOST}:${closed}/`, { proxy: open.url }));
    expect(result).toMatchObject({ message: `the proxy http://${HOST}:${open.port} refused the tunnel to ${HOST}:${closed}: 500 Unable to connect`, opened: false });
  });

  it('a proxy that is not there: one sentence naming it', async () => {
    const { url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await outcome(client(url, { proxy: `http://${HOST}:${nowhere}` }));
    expect(result).toEqual({ message: `cannot reach the proxy http://${HOST}:${nowhere}: connection refused`, code: 1006, opened: false });
  });

  it('a proxy URL of another scheme is refused at once', () => {
    expect(() => connect(`ws://${HOST}:9/`, { proxy: 'socks5://127.0.0.1:1080' })).toThrow('unsupported proxy scheme "socks5": only http:// proxies (CONNECT) are supported');
  });
});

describe('proxies that misbehave (raw TCP stand-ins)', () => {
  it('a proxy that accepts TCP and never answers: named, after handshakeTimeout', async () => {
    const { port } = await startRawServer(() => undefined);
    const result = await outcome(client(`ws://${HOST}:9/`, { proxy: `http://${HOST}:${port}`, handshakeTimeout: 300 }));
    expect(result).toEqual({ message: `the proxy http://${HOST}:${port} did not answer CONNECT within 300 ms`, code: 1006, opened: false });
  });

  it('a proxy that hangs up without answering', async () => {
    const { port } = await startRawServer((socket) => socket.once('data', () => socket.end()));
    const result = await outcome(client(`ws://${HOST}:9/`, { proxy: `http://${HOST}:${port}` }));
    expect(result).toMatchObject({ message: `the proxy http://${HOST}:${port} closed the connection before answering CONNECT`, opened: false });
  });

  it('something that is not an HTTP proxy', async () => {
    const { port } = await startRawServer((socket) => socket.once('data', () => socket.write('SSH-2.0-OpenSSH_9.2\r\n')));
    const result = await outcome(client(`ws://${HOST}:9/`, { proxy: `http://${HOST}:${port}` }));
    expect(result).toMatchObject({ message: `the proxy http://${HOST}:${port} sent a malformed answer: malformed status line "SSH-2.0-OpenSSH_9.2"`, opened: false });
  });

  it('bytes that come in the same read as the proxy\'s 200 belong to the WebSocket: none is lost', async () => {
    // A stand-in proxy: the 200 and the start of the server's 101 in one write, the rest once the request is in.
    const { port } = await startRawServer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n');
        void readHead(socket).then(({ head }) => {
          const key = /^Sec-WebSocket-Key: *(\S+)/im.exec(head)![1];
          socket.write(Buffer.concat([Buffer.from(`Connection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`), Buffer.from('810568656c6c6f', 'hex')]));
        });
      }),
    );
    const ws = startClient(`ws://${HOST}:9/`, { proxy: `http://${HOST}:${port}` });
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from('hello')]);
  });
});

describe('the proxy from the environment', () => {
  it('HTTP_PROXY is used for ws://', async () => {
    const { url } = await startEchoServer();
    const result = await outcome(() => withProxyEnv({ HTTP_PROXY: open.url }, client(url, {})));
    if (!result.opened) throw new Error(result.message);
    expect(tcpPeerPort(result.ws)).toBe(open.port);
  });

  it('HTTPS_PROXY is used for wss://, and HTTP_PROXY is not', async () => {
    const { port } = await startEchoServer({ tls: certs.server });
    const nowhere = await freePort();
    const result = await outcome(() => withProxyEnv({ HTTPS_PROXY: open.url, HTTP_PROXY: `http://${HOST}:${nowhere}` }, client(`wss://${HOST}:${port}/`, { ca: certs.ca.cert })));
    if (!result.opened) throw new Error(result.message);
    expect(tcpPeerPort(result.ws)).toBe(open.port);
  });

  it('lower-case http_proxy works too', async () => {
    const { port, url } = await startEchoServer();
    const result = await outcome(() => withProxyEnv({ http_proxy: `http://${HOST}:${guarded.port}` }, client(url, {})));
    expect(result).toMatchObject({ message: `the proxy http://${HOST}:${guarded.port} refused the tunnel to ${HOST}:${port}: 407 Proxy Authentication Required` });
  });

  it.each([['127.0.0.1'], ['localhost,127.0.0.1'], ['*']])('NO_PROXY=%s bypasses a dead HTTP_PROXY', async (noProxy) => {
    const { port, url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await outcome(() => withProxyEnv({ HTTP_PROXY: `http://${HOST}:${nowhere}`, NO_PROXY: noProxy }, client(url, {})));
    if (!result.opened) throw new Error(result.message);
    expect(tcpPeerPort(result.ws)).toBe(port);
  });

  it('NO_PROXY with another port does not bypass', async () => {
    const { url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await outcome(() => withProxyEnv({ HTTP_PROXY: `http://${HOST}:${nowhere}`, NO_PROXY: `${HOST}:1` }, client(url, {})));
    expect(result).toMatchObject({ message: `cannot reach the proxy http://${HOST}:${nowhere}: connection refused`, opened: false });
  });

  it('`proxy: false` ignores the environment', async () => {
    const { port, url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await outcome(() => withProxyEnv({ HTTP_PROXY: `http://${HOST}:${nowhere}` }, client(url, { proxy: false })));
    if (!result.opened) throw new Error(result.message);
    expect(tcpPeerPort(result.ws)).toBe(port);
  });
});

describe('wsb connect --proxy / --no-proxy', () => {
  it('--proxy with credentials: the echo comes back through the tunnel, exit 0', async () => {
    const { url } = await startEchoServer();
    const result = await runWsb(['connect', url, '--proxy', guarded.url], 'via the proxy\n');
    expect(result).toMatchObject({ code: 0, stdout: 'via the proxy\n', stderr: '' });
  });

  it('--proxy with wss:// and --ca', async () => {
    const { port } = await startEchoServer({ tls: certs.server });
    const result = await runWsb(['connect', `wss://${HOST}:${port}/`, '--proxy', guarded.url, '--ca', certs.files.ca.cert], 'tls via the proxy\n');
    expect(result).toMatchObject({ code: 0, stdout: 'tls via the proxy\n', stderr: '' });
  });

  it('--proxy with a wrong password: the proxy\'s status line, exit 1', async () => {
    const { port, url } = await startEchoServer();
    expectOneErrorLine(
      await runWsb(['connect', url, '--proxy', `http://${USER}:nope@${HOST}:${guarded.port}`]),
      `the proxy http://${HOST}:${guarded.port} refused the tunnel to ${HOST}:${port}: 401 Unauthorized`,
      1,
    );
  });

  it('a proxy that is not there: one line, exit 1', async () => {
    const { url } = await startEchoServer();
    const nowhere = await freePort();
    expectOneErrorLine(await runWsb(['connect', url, '--proxy', `http://${HOST}:${nowhere}`]), `cannot reach the proxy http://${HOST}:${nowhere}: connection refused`, 1);
  });

  it('HTTP_PROXY in the environment is honoured', async () => {
    const { port, url } = await startEchoServer();
    const result = await withProxyEnv({ HTTP_PROXY: `http://${HOST}:${guarded.port}` }, () => runWsb(['connect', url]));
    expectOneErrorLine(result, `the proxy http://${HOST}:${guarded.port} refused the tunnel to ${HOST}:${port}: 407 Proxy Authentication Required`, 1);
  });

  it('HTTPS_PROXY in the environment is honoured for wss://', async () => {
    const { port } = await startEchoServer({ tls: certs.server });
    const result = await withProxyEnv({ HTTPS_PROXY: guarded.url }, () => runWsb(['connect', `wss://${HOST}:${port}/`, '--ca', certs.files.ca.cert], 'env tunnel\n'));
    expect(result).toMatchObject({ code: 0, stdout: 'env tunnel\n', stderr: '' });
  });

  it('NO_PROXY lets wsb bypass a dead HTTP_PROXY', async () => {
    const { url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await withProxyEnv({ HTTP_PROXY: `http://${HOST}:${nowhere}`, NO_PROXY: HOST }, () => runWsb(['connect', url], 'direct\n'));
    expect(result).toMatchObject({ code: 0, stdout: 'direct\n', stderr: '' });
  });

  it('--no-proxy ignores HTTP_PROXY', async () => {
    const { url } = await startEchoServer();
    const nowhere = await freePort();
    const result = await withProxyEnv({ HTTP_PROXY: `http://${HOST}:${nowhere}` }, () => runWsb(['connect', url, '--no-proxy'], 'no proxy\n'));
    expect(result).toMatchObject({ code: 0, stdout: 'no proxy\n', stderr: '' });
  });

  it.each([
    [['--proxy', 'http://127.0.0.1:3128', '--no-proxy'], '--proxy and --no-proxy contradict each other'],
    [['--proxy', 'socks5://127.0.0.1:1080'], 'unsupported proxy scheme "socks5": only http:// proxies (CONNECT) are supported'],
    [['--proxy', 'http://exa mple:80'], 'not a valid proxy URL: "http://exa mple:80" (expected http://[user:pass@]host:port)'],
  ])('wsb connect %j: one line, exit 2', async (flags, message) => {
    expectOneErrorLine(await runWsb(['connect', `ws://${HOST}:9/`, ...flags]), message, 2);
  });
});
