// Every way a connection ends, over real TCP on 127.0.0.1: the close handshake from either
// side, shutdown, abrupt drops, protocol violations, and the handshake and close timeouts.
// Raw `net` peers stand in where the exact bytes on the wire matter.
import type net from 'node:net';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../shared/opcodes';
import {
  connectedPair,
  HOST,
  maskedFrame,
  nextServerSide,
  openClient,
  rawConnect,
  rawWebSocketClient,
  readHead,
  readUntilClosed,
  RFC_ACCEPT,
  startClient,
  startRawServer,
  startRawWebSocketServer,
  startServer,
  switchingProtocols,
  until,
  waitFor,
} from './helpers';

const hex = (bytes: Buffer): string => bytes.toString('hex');

describe('RFC 6455 §7.1.2 / §5.5.1 the close handshake', () => {
  it('client-initiated: both sides see the code, the server sees the reason, both clean', async () => {
    const { client, peer } = await connectedPair();
    const serverClosed = waitFor(peer, 'close');
    const clientClosed = waitFor(client, 'close');
    client.close(1000, 'bye now');
    const [[atServer], [atClient]] = await Promise.all([serverClosed, clientClosed]);
    expect(atServer).toEqual({ code: 1000, reason: 'bye now', wasClean: true, initiatedBy: 'remote' });
    // §5.5.1: the answering Close echoes the status code; the reason is the answerer's own (none).
    expect(atClient).toEqual({ code: 1000, reason: '', wasClean: true, initiatedBy: 'local' });
  });

  it('server-initiated: the code and reason arrive at the client', async () => {
    const { client, peer } = await connectedPair();
    const serverClosed = waitFor(peer, 'close');
    const clientClosed = waitFor(client, 'close');
    peer.close(4000, 'custom reason ✓');
    const [[atServer], [atClient]] = await Promise.all([serverClosed, clientClosed]);
    expect(atClient).toEqual({ code: 4000, reason: 'custom reason ✓', wasClean: true, initiatedBy: 'remote' });
    expect(atServer).toEqual({ code: 4000, reason: '', wasClean: true, initiatedBy: 'local' });
  });

  it('a Close with no status code is reported as 1005 on both sides (§7.1.5)', async () => {
    const { client, peer } = await connectedPair();
    const serverClosed = waitFor(peer, 'close');
    const clientClosed = waitFor(client, 'close');
    client.close();
    const [[atServer], [atClient]] = await Promise.all([serverClosed, clientClosed]);
    expect(atServer.code).toBe(1005);
    expect(atClient.code).toBe(1005);
    expect(atServer.wasClean && atClient.wasClean).toBe(true);
  });

  it('server.close() sends 1001 Going Away to every client and resolves once all are gone (§7.4.1)', async () => {
    const { server, url } = await startServer();
    const clients = await Promise.all([openClient(url), openClient(url), openClient(url)]);
    const closes = clients.map((ws) => waitFor(ws, 'close'));
    await server.close();
    const events = (await Promise.all(closes)).map(([event]) => event);
    expect(events).toEqual(Array(3).fill({ code: 1001, reason: 'server shutting down', wasClean: true, initiatedBy: 'remote' }));
    expect(server.connections.size).toBe(0);
  });

  it('the server closes TCP first after the close handshake (§7.1.1): the raw client sees the Close then FIN', async () => {
    const { port } = await startServer();
    const socket = await rawWebSocketClient(port);
    const wire = readUntilClosed(socket);
    socket.write(maskedFrame(0x88, Buffer.from([0x03, 0xe8, 0x6f, 0x6b]))); // Close 1000 "ok"
    expect(hex(await wire)).toBe('880203e8');
  });
});

describe('abnormal closure (§7.1.5: 1006 when no Close frame was received)', () => {
  it('the server drops TCP: the client sees 1006, not clean', async () => {
    const { client, peer } = await connectedPair();
    const clientClosed = waitFor(client, 'close');
    peer.terminate();
    const [event] = await clientClosed;
    expect(event).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'transport' });
  });

  it('the client drops TCP: the server sees 1006, not clean', async () => {
    const { client, peer } = await connectedPair();
    const serverClosed = waitFor(peer, 'close');
    client.terminate();
    const [event] = await serverClosed;
    expect(event).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'transport' });
  });

  it('a TCP reset from the server: the client reports the reset and 1006', async () => {
    // The server resets once the client, open, sends its first frame.
    const { url } = await startRawWebSocketServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const ws = await openClient(url);
    const failed = waitFor(ws, 'failure');
    const closed = waitFor(ws, 'close');
    ws.sendText('are you still there?');
    const [error] = await failed;
    expect(error.message).toBe('the peer reset the connection');
    const [event] = await closed;
    expect(event).toMatchObject({ code: 1006, reason: 'the peer reset the connection', wasClean: false });
  });
});

describe('RFC 6455 §7.1.7 failing the connection on a protocol violation', () => {
  it('a reserved opcode from our client (sendRawFrame): the server closes with 1002 and the client sees it', async () => {
    const { client, peer } = await connectedPair();
    const serverFailed = waitFor(peer, 'failure');
    const serverClosed = waitFor(peer, 'close');
    const clientClosed = waitFor(client, 'close');
    client.sendRawFrame({ opcode: 0x3, payload: Buffer.from('??'), maskKey: Buffer.from([1, 2, 3, 4]) });
    const [[error], [atServer], [atClient]] = await Promise.all([serverFailed, serverClosed, clientClosed]);
    expect(error.message).toBe('opcode 0x3 is reserved');
    expect(atClient).toMatchObject({ code: 1002, wasClean: true, initiatedBy: 'remote' });
    expect(atServer).toMatchObject({ code: 1002, wasClean: false, initiatedBy: 'local' });
  });

  it('an unmasked client frame (§5.1): the server answers exactly 88 02 03 ea, then closes TCP', async () => {
    const { port } = await startServer();
    const socket = await rawWebSocketClient(port);
    const wire = readUntilClosed(socket);
    socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69])); // unmasked text "hi"
    expect(hex(await wire)).toBe('880203ea');
  });

  it('invalid UTF-8 in a text frame: the server answers exactly 88 02 03 ef (1007), then closes TCP', async () => {
    const { port } = await startServer();
    const socket = await rawWebSocketClient(port);
    const wire = readUntilClosed(socket);
    socket.write(maskedFrame(0x81, Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80]))); // a UTF-16 surrogate
    expect(hex(await wire)).toBe('880203ef');
  });

  it('a masked frame from the server: our client fails with 1002 and sends a masked Close 1002', async () => {
    let serverSocket: net.Socket | undefined;
    const { url } = await startRawWebSocketServer((socket) => (serverSocket = socket));
    const ws = startClient(url);
    await waitFor(ws, 'open');
    const fromClient = readUntilClosed(serverSocket!);
    const failed = waitFor(ws, 'failure');
    serverSocket!.write(maskedFrame(0x81, Buffer.from('hi')));
    const [error] = await failed;
    expect(error.message).toBe('a server frame arrived masked');
    const wire = await fromClient;
    // §5.3: a client frame is masked; unmask to read the status code.
    expect(hex(wire.subarray(0, 2))).toBe('8882');
    const key = wire.subarray(2, 6);
    expect(Buffer.from(wire.subarray(6, 8).map((byte, i) => byte ^ key[i])).readUInt16BE(0)).toBe(1002);
  });
});

describe('RFC 6455 §4 a failed opening handshake', () => {
  it('our server answers a request without Upgrade: websocket with 400 and closes TCP (§4.2.1)', async () => {
    const { server, port } = await startServer();
    const failures: string[] = [];
    server.on('accept', (ws) => ws.on('failure', (error) => failures.push(error.message)));
    const socket = await rawConnect(port);
    const wire = readUntilClosed(socket);
    socket.write(`GET / HTTP/1.1\r\nHost: ${HOST}:${port}\r\nConnection: keep-alive\r\n\r\n`);
    const answer = (await wire).toString('latin1');
    expect(answer.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(answer.endsWith('\r\n\r\nthe request lacks Upgrade: websocket (got no Upgrade header)\n')).toBe(true);
    expect(failures).toEqual(['the request lacks Upgrade: websocket (got no Upgrade header)']);
  });

  it('our client gives up at once on a 404, even when the server keeps the connection open', async () => {
    const { url } = await startRawServer((socket) => {
      socket.allowHalfOpen = true;
      void readHead(socket).then(() => socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    });
    const ws = startClient(url, { closeTimeout: 5_000 });
    const [error] = await waitFor(ws, 'failure');
    expect(error.message).toBe('server answered 404 Not Found instead of 101 Switching Protocols');
    const [event] = await waitFor(ws, 'close', 1_000);
    expect(event).toMatchObject({ code: 1006, wasClean: false });
  });

  it('server.close() drops a client still in the opening handshake', async () => {
    const { server, port } = await startServer();
    const socket = await rawConnect(port);
    const wire = readUntilClosed(socket, 1_000);
    await until(() => server.connections.size === 1, 'the server to accept the TCP connection');
    await server.close();
    expect((await wire).length).toBe(0);
  });
});

describe('timeouts', () => {
  it('the server drops a client that sends no opening handshake within handshakeTimeout', async () => {
    const { server, port } = await startServer({ handshakeTimeout: 150 });
    const accepted = new Promise<WsSocket>((resolve) => server.once('accept', resolve));
    const socket = await rawConnect(port);
    const started = Date.now();
    const wire = readUntilClosed(socket, 2_000);
    const ws = await accepted;
    const failed = waitFor(ws, 'failure', 2_000);
    const closed = waitFor(ws, 'close', 2_000);
    expect((await wire).length).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const [error] = await failed;
    expect(error.message).toBe('no opening handshake within 150 ms');
    const [event] = await closed;
    expect(event).toMatchObject({ code: 1006, wasClean: false });
    expect(server.connections.size).toBe(0);
  });

  it('our client gives up on a server that never answers the opening request', async () => {
    const { url } = await startRawServer(() => undefined);
    const ws = startClient(url, { handshakeTimeout: 150 });
    const [error] = await waitFor(ws, 'failure', 2_000);
    expect(error.message).toBe('no opening handshake within 150 ms');
    const [event] = await waitFor(ws, 'close', 2_000);
    expect(event).toMatchObject({ code: 1006, wasClean: false });
  });

  it('the server drops a peer that never answers its Close, after closeTimeout', async () => {
    const { server, port } = await startServer({ closeTimeout: 200 });
    const serverSide = nextServerSide(server);
    const socket = await rawWebSocketClient(port);
    const peer = await serverSide;
    const wire = readUntilClosed(socket, 2_000);
    const closed = waitFor(peer, 'close', 2_000);
    const started = Date.now();
    peer.close(1000, 'bye');
    const [event] = await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(event).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'local' });
    expect(hex(await wire)).toBe(`880503e8${Buffer.from('bye').toString('hex')}`);
  });

  it('our client drops a server that never answers its Close, after closeTimeout', async () => {
    const { url } = await startRawWebSocketServer(); // reads the Close, never answers it
    const ws = startClient(url, { closeTimeout: 200 });
    await waitFor(ws, 'open');
    const closed = waitFor(ws, 'close', 2_000);
    const started = Date.now();
    ws.close(1000);
    const [event] = await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(event).toEqual({ code: 1006, reason: '', wasClean: false, initiatedBy: 'local' });
  });
});

describe('a raw peer checks what our server writes', () => {
  it('answers the RFC example key with the RFC example accept (§1.3)', async () => {
    const { port } = await startServer();
    const socket = await rawConnect(port);
    socket.write(`GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const { head } = await readHead(socket);
    expect(head).toBe(switchingProtocols(RFC_ACCEPT));
  });

  it('frames an echoed text message unmasked with the 7-bit length form', async () => {
    const { server, port } = await startServer();
    server.on('connection', (ws) => ws.on('message', (kind, data) => ws.send(kind, data)));
    const socket = await rawWebSocketClient(port);
    const frame = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.write(maskedFrame(0x80 | Opcode.Text, Buffer.from('Hello')));
    // RFC 6455 §5.7: "A single-frame unmasked text message".
    expect(hex(await frame)).toBe('810548656c6c6f');
  });
});
