// wss:// (RFC 6455 §4.1: "if /secure/ is true, the client MUST perform a TLS handshake"):
// our client against our server and against node:tls servers that ask for a client
// certificate, then `wsb serve --tls-*` and `wsb connect --ca/--insecure/--servername/--cert`.
// Certificates come from a test CA made for this file (certificates.ts).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TlsInfo } from '../../shared/handshake-record';
import type { ConnectOptions } from '../../electron/transport/client';
import { serveSocket, WsServer, type ServerOptions } from '../../electron/transport/server';
import { selfSignedCertificate } from '../../electron/transport/tls-setup';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { makeCertificates, type KeyPair, type TestCertificates } from './certificates';
import { HOST, nextServerSide, openClient, startClient, startServer, waitFor, within } from './helpers';
import { killAllWsb, runWsb, startWsb, type WsbExit } from './wsb-process';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeCertificates();
});
afterAll(() => certs?.remove());
afterEach(killAllWsb);

/** Our server on wss:// with `pair`; its URL by IP. */
async function startTlsServer(pair: KeyPair, options: ServerOptions = {}): Promise<{ server: WsServer; port: number; url: string }> {
  const started = await startServer({ ...options, tls: pair });
  started.server.on('connection', (ws) => ws.on('message', (kind, data) => ws.readyState === 'OPEN' && ws.send(kind, data)));
  return { ...started, url: `wss://${HOST}:${started.port}/` };
}

/** What the handshake record says about TLS, for the next handshake of `ws`. */
async function tlsOf(ws: WsSocket): Promise<TlsInfo | undefined> {
  const [record] = await waitFor(ws, 'handshake');
  return record.tls;
}

/** Our client once open, with what its handshake record says about TLS ('open' follows 'handshake' at once). */
async function openWithTls(url: string, options: ConnectOptions): Promise<{ ws: WsSocket; tls: TlsInfo | undefined }> {
  const ws = startClient(url, options);
  const info = tlsOf(ws);
  await waitFor(ws, 'open');
  return { ws, tls: await info };
}

/** A client that must fail: its failure message and close event. */
async function failedClient(url: string, options: ConnectOptions): Promise<{ message: string; code: number; wasClean: boolean; opened: boolean }> {
  const ws = startClient(url, options);
  let opened = false;
  ws.once('open', () => (opened = true));
  const failure = waitFor(ws, 'failure');
  const [event] = await waitFor(ws, 'close');
  const [error] = await failure;
  return { message: error.message, code: event.code, wasClean: event.wasClean, opened };
}

/** The certificate as node:crypto reads it, independently of describeTls. */
function certificateFields(pem: string): { subject: string; issuer: string; validFrom: string; validTo: string; fingerprint256: string; subjectAltName: string | null } {
  const x509 = new X509Certificate(pem);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    validFrom: x509.validFrom,
    validTo: x509.validTo,
    fingerprint256: x509.fingerprint256,
    subjectAltName: x509.subjectAltName ?? null,
  };
}

/** A node:tls server that requires a client certificate signed by the test CA, running our engine on each socket. */
async function startMutualTlsServer(): Promise<{ url: string; clients: Array<{ ws: WsSocket; tls: TlsInfo | undefined }>; tlsErrors: string[] }> {
  const clients: Array<{ ws: WsSocket; tls: TlsInfo | undefined }> = [];
  const tlsErrors: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ ...certs.server, requestCert: true, rejectUnauthorized: true, ca: certs.ca.cert }, (socket) => {
    sockets.add(socket);
    const { ws } = serveSocket(socket, {});
    const entry: { ws: WsSocket; tls: TlsInfo | undefined } = { ws, tls: undefined };
    clients.push(entry);
    ws.once('handshake', (record) => (entry.tls = record.tls));
    ws.on('message', (kind, data) => ws.readyState === 'OPEN' && ws.send(kind, data));
  });
  server.on('tlsClientError', (error) => tlsErrors.push(error.message));
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await within(new Promise<void>((resolve) => server.close(() => resolve())), 5_000, 'the mutual-TLS server to close');
  });
  return { url: `wss://${HOST}:${(server.address() as net.AddressInfo).port}/`, clients, tlsErrors };
}

/** STYLE.md §7: exactly one line on stderr, `wsb: ` and a sentence. */
function expectOneErrorLine(result: WsbExit, message: string, exitCode: number): void {
  expect(result.stderr).toBe(`wsb: ${message}\n`);
  expect(result.code).toBe(exitCode);
}

const UNTRUSTED_HINT = '(trust it with --ca FILE, or skip the check with --insecure)';

describe('wss:// between our client and our server', () => {
  it('a server certificate from a CA given in `ca`: the handshake records the TLS session and the certificate, and messages flow', async () => {
    const { server, url } = await startTlsServer(certs.server);
    const serverSide = nextServerSide(server);
    const serverTls = new Promise<TlsInfo | undefined>((resolve) => server.once('accept', (ws) => resolve(tlsOf(ws))));
    const { ws, tls: clientTls } = await openWithTls(url, { ca: certs.ca.cert });

    expect(clientTls).toEqual({
      protocol: 'TLSv1.3',
      cipher: expect.stringMatching(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/),
      alpn: null, // we offer http/1.1, our server negotiates no ALPN
      authorized: true,
      authorizationError: null,
      peerCertificate: certificateFields(certs.server.cert),
    });
    expect(clientTls!.peerCertificate).toMatchObject({ subject: 'CN=wsb test server', issuer: 'CN=WS Workbench Test CA', subjectAltName: 'DNS:localhost, IP Address:127.0.0.1' });
    // The server asked for no client certificate, so it has none to describe.
    expect(await serverTls).toMatchObject({ protocol: 'TLSv1.3', authorized: false, authorizationError: null, peerCertificate: null });

    const peer = await serverSide;
    expect((peer.socket as TLSSocket).encrypted).toBe(true);
    const text = 'ü'.repeat(40_000);
    ws.sendText(text);
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from(text)]);
  });

  it('by host name, the client sends SNI and checks the name against the certificate', async () => {
    const { server, port } = await startTlsServer(certs.server);
    const serverSide = nextServerSide(server);
    await openClient(`wss://localhost:${port}/`, { ca: certs.ca.cert });
    expect(((await serverSide).socket as TLSSocket).servername).toBe('localhost');
  });

  it('by IP address, no SNI is sent (RFC 6066 §3 allows only host names)', async () => {
    const { server, url } = await startTlsServer(certs.server);
    const serverSide = nextServerSide(server);
    await openClient(url, { ca: certs.ca.cert });
    expect(((await serverSide).socket as TLSSocket).servername).toBe(false);
  });

  it('a certificate from a CA the client does not trust: one sentence saying so and how to proceed, 1006, never open', async () => {
    const { url } = await startTlsServer(certs.server);
    expect(await failedClient(url, {})).toEqual({
      message: `the server's TLS certificate is not trusted: unable to verify the first certificate ${UNTRUSTED_HINT}`,
      code: 1006,
      wasClean: false,
      opened: false,
    });
  });

  it('a self-signed certificate: "self-signed certificate"', async () => {
    const { url } = await startTlsServer(certs.selfSigned);
    expect((await failedClient(url, {})).message).toBe(`the server's TLS certificate is not trusted: self-signed certificate ${UNTRUSTED_HINT}`);
  });

  it('the server tells why a client went away after refusing its certificate', async () => {
    const { server, url } = await startTlsServer(certs.selfSigned);
    const tlsError = new Promise<string>((resolve) => server.once('tlsError', resolve));
    await failedClient(url, {});
    expect(await within(tlsError, 5_000, 'tlsError at the server')).toBe("a client's TLS handshake failed: the client closed the connection (did it reject our certificate?)");
  });

  it('`insecure` accepts the untrusted certificate and the record says it was not verified, and why', async () => {
    const { url } = await startTlsServer(certs.selfSigned);
    const { tls: info } = await openWithTls(url, { insecure: true });
    expect(info).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', peerCertificate: certificateFields(certs.selfSigned.cert) });
  });

  it('a certificate for another name: refused, naming the host and the names the certificate holds', async () => {
    const { url } = await startTlsServer(certs.otherName);
    expect((await failedClient(url, { ca: certs.ca.cert })).message).toBe(
      "the server's TLS certificate is not valid for 127.0.0.1: it names DNS:example.test (set the name to check with --servername NAME, or skip the check with --insecure)",
    );
  });

  it('`servername` sends that name (SNI) and checks the certificate against it', async () => {
    const { server, url } = await startTlsServer(certs.otherName);
    const serverSide = nextServerSide(server);
    const { tls: info } = await openWithTls(url, { ca: certs.ca.cert, servername: 'example.test' });
    expect(info).toMatchObject({ authorized: true, peerCertificate: { subject: 'CN=example.test', subjectAltName: 'DNS:example.test' } });
    expect(((await serverSide).socket as TLSSocket).servername).toBe('example.test');
  });

  it('wss:// to a plain ws:// server: one sentence, not OpenSSL\'s', async () => {
    const { url } = await startServer();
    expect((await failedClient(url.replace('ws://', 'wss://'), { ca: certs.ca.cert })).message).toBe(
      'the server did not answer in TLS (is it a ws:// server rather than wss://?)',
    );
  });

  it('ws:// to a wss:// server: the client sees the connection close, the server says the client spoke plain HTTP', async () => {
    const { server, port } = await startTlsServer(certs.server);
    const tlsError = new Promise<string>((resolve) => server.once('tlsError', resolve));
    expect((await failedClient(`ws://${HOST}:${port}/`, {})).message).toBe('the connection closed during the opening handshake');
    expect(await within(tlsError, 5_000, 'tlsError at the server')).toBe("a client's TLS handshake failed: it sent plain HTTP (a ws:// URL?) to this wss:// server");
  });

  it('permessage-deflate and heartbeats work over TLS', async () => {
    const { url } = await startTlsServer(certs.server, { deflate: {}, recordFrames: true });
    const ws = await openClient(url, { ca: certs.ca.cert, deflate: {}, heartbeat: { pingInterval: 20, pingTimeout: 1_000 }, recordFrames: true });
    const [, rtt] = await waitFor(ws, 'pong');
    expect(rtt).toBeGreaterThanOrEqual(0);
    const inbound = new Promise<{ rsv1: boolean; payloadLength: number }>((resolve) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode === 2 && resolve(frame)));
    ws.sendBinary(Buffer.alloc(1024 * 1024, 7));
    const [kind, data] = await waitFor(ws, 'message');
    expect(kind).toBe('binary');
    expect(data.equals(Buffer.alloc(1024 * 1024, 7)), 'the exact bytes came back').toBe(true);
    const frame = await inbound;
    expect(frame.rsv1).toBe(true);
    expect(frame.payloadLength).toBeLessThan(2_000);
  });

  it('WsServer refuses a certificate that is not PEM, or a key that does not match it, with one sentence', () => {
    expect(() => new WsServer({ tls: { cert: 'not a certificate', key: certs.server.key } })).toThrow(/^the TLS certificate is not a PEM certificate \(-----BEGIN CERTIFICATE-----\)$/);
    expect(() => new WsServer({ tls: { cert: certs.server.cert, key: 'not a key' } })).toThrow(/^the TLS key is not an unencrypted PEM private key \(-----BEGIN PRIVATE KEY-----\)$/);
    expect(() => new WsServer({ tls: { cert: certs.server.cert, key: certs.client.key } })).toThrow(/^the TLS key does not match the certificate$/);
  });
});

describe('selfSignedCertificate()', () => {
  it('is a 30-day self-signed certificate for localhost, 127.0.0.1 and ::1 that a client trusting it accepts', async () => {
    const pair = await selfSignedCertificate();
    const x509 = new X509Certificate(pair.cert);
    expect(x509.subject).toBe('CN=localhost');
    expect(x509.issuer).toBe('CN=localhost');
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    expect(x509.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);

    const { url } = await startTlsServer(pair);
    const { tls: info } = await openWithTls(url, { ca: pair.cert });
    expect(info).toMatchObject({ authorized: true, peerCertificate: { fingerprint256: x509.fingerprint256 } });
  });
});

describe('client certificates (a node:tls server with requestCert, running our engine)', () => {
  it('`cert` and `key` present a client certificate; the server verifies it and records it', async () => {
    const mutual = await startMutualTlsServer();
    const ws = await openClient(mutual.url, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
    ws.sendText('with a certificate');
    expect(await waitFor(ws, 'message')).toEqual(['text', Buffer.from('with a certificate')]);
    expect(mutual.clients[0].tls).toMatchObject({ authorized: true, authorizationError: null, peerCertificate: certificateFields(certs.client.cert) });
    expect(mutual.clients[0].tls!.peerCertificate!.subject).toBe('CN=wsb test client');
  });

  it('without a client certificate: one sentence saying the server requires one', async () => {
    const mutual = await startMutualTlsServer();
    const result = await failedClient(mutual.url, { ca: certs.ca.cert });
    expect(result).toEqual({ message: 'the server requires a client certificate (give one with --cert FILE --key FILE)', code: 1006, wasClean: false, opened: false });
    expect(mutual.clients).toHaveLength(0);
  });
});

describe('wsb serve --tls-cert/--tls-key/--tls-self-signed and wsb connect --ca/--insecure/--servername/--cert/--key', () => {
  /** `wsb serve --port 0 …args` on wss://, once it prints its URL. */
  async function wsbTlsServer(...args: string[]): Promise<string> {
    const wsb = startWsb('serve', '--port', '0', '--echo', ...args);
    const [, url] = await wsb.output(/^listening on (wss:\/\/127\.0\.0\.1:\d+)\n/);
    return `${url}/`;
  }

  it('serve --tls-cert --tls-key; connect --ca --json: the handshake line carries the TLS session and the certificate, the text comes back', async () => {
    const url = await wsbTlsServer('--tls-cert', certs.files.server.cert, '--tls-key', certs.files.server.key);
    const result = await runWsb(['connect', url, '--ca', certs.files.ca.cert, '--json'], 'over TLS\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      type: 'handshake',
      status: 101,
      tls: { protocol: 'TLSv1.3', authorized: true, authorizationError: null, alpn: null, peerCertificate: certificateFields(certs.server.cert) },
    });
    expect(lines).toContainEqual(expect.objectContaining({ type: 'frame', direction: 'in', text: 'over TLS' }));
  });

  it('serve --tls-self-signed; connect without --ca: exit 1 with one line saying the certificate is not trusted', async () => {
    const url = await wsbTlsServer('--tls-self-signed');
    expectOneErrorLine(await runWsb(['connect', url]), `the server's TLS certificate is not trusted: self-signed certificate ${UNTRUSTED_HINT}`, 1);
  });

  it('serve --tls-self-signed; connect --insecure: the echo comes back, exit 0', async () => {
    const url = await wsbTlsServer('--tls-self-signed');
    const result = await runWsb(['connect', url, '--insecure'], 'trusting blindly\n');
    expect(result).toMatchObject({ code: 0, stdout: 'trusting blindly\n', stderr: '' });
  });

  it('connect --servername checks the certificate against that name', async () => {
    const url = await wsbTlsServer('--tls-cert', certs.files.otherName.cert, '--tls-key', certs.files.otherName.key);
    expect(await runWsb(['connect', url, '--ca', certs.files.ca.cert, '--servername', 'example.test'], 'by name\n')).toMatchObject({ code: 0, stdout: 'by name\n' });
    expectOneErrorLine(
      await runWsb(['connect', url, '--ca', certs.files.ca.cert]),
      "the server's TLS certificate is not valid for 127.0.0.1: it names DNS:example.test (set the name to check with --servername NAME, or skip the check with --insecure)",
      1,
    );
  });

  it('connect --cert --key presents a client certificate; without them the server refuses, in one line', async () => {
    const mutual = await startMutualTlsServer();
    const result = await runWsb(['connect', mutual.url, '--ca', certs.files.ca.cert, '--cert', certs.files.client.cert, '--key', certs.files.client.key], 'mutual\n');
    expect(result).toMatchObject({ code: 0, stdout: 'mutual\n', stderr: '' });
    expect(mutual.clients[0].tls?.peerCertificate?.subject).toBe('CN=wsb test client');
    expectOneErrorLine(await runWsb(['connect', mutual.url, '--ca', certs.files.ca.cert]), 'the server requires a client certificate (give one with --cert FILE --key FILE)', 1);
  });

  it('serve prints one line on stderr for a client that speaks plain HTTP to it', async () => {
    const wsb = startWsb('serve', '--port', '0', '--tls-self-signed');
    const [, port] = await wsb.output(/^listening on wss:\/\/127\.0\.0\.1:(\d+)\n/);
    await runWsb(['connect', `ws://${HOST}:${port}/`]);
    await wsb.output(/^a client's TLS handshake failed: it sent plain HTTP \(a ws:\/\/ URL\?\) to this wss:\/\/ server\n/, 'stderr');
  });

  it.each([
    [['serve', '--tls-cert', 'x.pem'], '--tls-cert and --tls-key go together', 2],
    [['serve', '--tls-self-signed', '--tls-key', 'x.pem'], '--tls-self-signed and --tls-cert/--tls-key contradict each other', 2],
    [['serve', '--port', '0', '--tls-cert', '/nonexistent/server.pem', '--tls-key', '/nonexistent/server.key'], 'cannot read the certificate /nonexistent/server.pem: no such file', 1],
    [['connect', 'wss://127.0.0.1:9/', '--cert', 'client.pem'], '--cert and --key go together', 2],
    [['connect', 'wss://127.0.0.1:9/', '--ca', '/nonexistent/ca.pem'], 'cannot read the CA file /nonexistent/ca.pem: no such file', 1],
  ] as const)('wsb %j: one line, exit %i', async (args, message, code) => {
    expectOneErrorLine(await runWsb([...args]), message, code);
  });

  it('serve with a file that is not a certificate, or a key that does not match: one line, exit 1', async () => {
    expectOneErrorLine(await runWsb(['serve', '--port', '0', '--tls-cert', certs.files.server.key, '--tls-key', certs.files.server.key]), 'the TLS certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)', 1);
    expectOneErrorLine(await runWsb(['serve', '--port', '0', '--tls-cert', certs.files.server.cert, '--tls-key', certs.files.client.key]), 'the TLS key does not match the certificate', 1);
  });
});
