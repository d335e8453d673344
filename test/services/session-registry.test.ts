// The session registry against real sockets on 127.0.0.1: our client and our server,
// both captured, every header field of every frame recorded.
import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ConnectRequest } from '../../shared/api';
import { Opcode } from '../../shared/opcodes';
import type { Workbench } from '../../electron/services/workbench';
import { base64, decode, frames, HOST, lifecycle, startWorkbench, until } from './helpers';

async function echoServer(workbench: Workbench, echo = true): Promise<{ id: string; url: string }> {
  const server = await workbench.sessions.startServer({ host: HOST, port: 0, echo });
  return { id: server.id, url: `${server.label}/` };
}

async function openClient(workbench: Workbench, url: string, options: Omit<ConnectRequest, 'url'> = {}): Promise<string> {
  const { id } = workbench.sessions.connect({ url, ...options });
  await until(() => workbench.summary(id)?.state === 'open', `${id} open`);
  return id;
}

const entriesOf = (workbench: Workbench, id: string) => workbench.entries(id, 1, 10_000);

describe('client and server sessions', () => {
  it('captures the handshake, the lifecycle and every frame both ways, on both sides', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    await workbench.sessions.sendMessage({ sessionId: client, kind: 'text', data: base64('hello') });
    await until(() => frames(entriesOf(workbench, client)).length === 2, 'the echo');

    const [handshake, ...rest] = entriesOf(workbench, client).slice(1);
    expect(handshake.kind).toBe('handshake');
    if (handshake.kind === 'handshake') expect(handshake.record.accept?.ok).toBe(true);
    const [out, back] = frames(rest);
    expect(out).toMatchObject({ direction: 'out', opcode: Opcode.Text, fin: true, masked: true, payloadLength: 5, lengthForm: 7, complete: true, dropped: false });
    expect(out.maskKey).toMatch(/^[0-9a-f]{8}$/);
    expect(out.header).toMatch(/^8185[0-9a-f]{8}$/);
    expect(decode(out.preview)).toBe('hello');
    expect(back).toMatchObject({ direction: 'in', masked: false, maskKey: null, header: '8105' });
    expect(decode(back.preview)).toBe('hello');
    const seqs = entriesOf(workbench, client).map((entry) => entry.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));

    const serverClients = workbench.sessions.list().filter((session) => session.parentId === server.id);
    expect(serverClients).toHaveLength(1);
    expect(serverClients[0]).toMatchObject({ kind: 'server-client', state: 'open' });
    expect(frames(entriesOf(workbench, serverClients[0].id)).map((frame) => frame.direction)).toEqual(['in', 'out']);
    expect(lifecycle(entriesOf(workbench, server.id)).map((entry) => entry.event)).toEqual(['listening', 'client-connected']);
  });

  it('fragments a message by hand, with pings between the fragments (RFC 6455 §5.4)', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    const result = await workbench.sessions.sendMessage({ sessionId: client, kind: 'text', data: base64('abcdef'), splitAt: [2, 4], pingBetween: true, delayMs: 5 });
    expect(result).toBe(3);
    await until(() => frames(entriesOf(workbench, client)).some((frame) => frame.direction === 'in' && frame.opcode === Opcode.Text), 'the echo');
    const sent = frames(entriesOf(workbench, client)).filter((frame) => frame.direction === 'out');
    expect(sent.map((frame) => [frame.opcode, frame.fin, decode(frame.preview)])).toEqual([
      [Opcode.Text, false, 'ab'],
      [Opcode.Ping, true, ''],
      [Opcode.Continuation, false, 'cd'],
      [Opcode.Ping, true, ''],
      [Opcode.Continuation, true, 'ef'],
    ]);
    const echoed = frames(entriesOf(workbench, client)).find((frame) => frame.direction === 'in' && frame.opcode === Opcode.Text);
    expect(decode(echoed?.preview ?? '')).toBe('abcdef');
  });

  it('refuses split offsets outside the message', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    await expect(workbench.sessions.sendMessage({ sessionId: client, kind: 'binary', data: base64('abc'), splitAt: [5] })).rejects.toThrow('splitAt offset 5 is past the end of the 3-byte message');
  });

  it('records the round trip of a ping on its pong', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    workbench.sessions.ping(client, base64('p1'));
    await until(() => frames(entriesOf(workbench, client)).some((frame) => frame.opcode === Opcode.Pong), 'the pong');
    const pong = frames(entriesOf(workbench, client)).find((frame) => frame.opcode === Opcode.Pong);
    expect(decode(pong?.preview ?? '')).toBe('p1');
    expect(pong?.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('closes with a code and reason, then reconnects with the same options', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    await workbench.sessions.close(client, 4000, 'bye');
    await until(() => workbench.summary(client)?.state === 'closed', 'closed');
    // The status is what the server answered (§7.1.5): it echoes the code, not the reason.
    expect(workbench.summary(client)?.status).toBe('closed 4000 Private Use (clean)');
    const sentClose = frames(entriesOf(workbench, client)).find((frame) => frame.direction === 'out' && frame.opcode === Opcode.Close);
    expect(Buffer.from(sentClose?.preview ?? '', 'base64')).toEqual(Buffer.from([0x0f, 0xa0, ...Buffer.from('bye')]));
    await expect(workbench.sessions.sendMessage({ sessionId: client, kind: 'text', data: base64('x') })).rejects.toThrow(`${client} is not open (closed)`);

    workbench.sessions.reconnect(client);
    await until(() => workbench.summary(client)?.state === 'open', 'open again');
    expect(lifecycle(entriesOf(workbench, client)).map((entry) => entry.event)).toEqual(['connecting', 'open', 'close', 'connecting', 'open']);
  });

  it('broadcasts to every client of a server, and echoes only when asked', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench, false);
    const a = await openClient(workbench, server.url);
    const b = await openClient(workbench, server.url);
    expect(workbench.sessions.broadcast(server.id, 'text', Buffer.from('all'))).toBe(2);
    for (const id of [a, b]) await until(() => frames(entriesOf(workbench, id)).some((frame) => frame.direction === 'in'), `${id} got the broadcast`);

    await workbench.sessions.sendMessage({ sessionId: a, kind: 'text', data: base64('no echo') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames(entriesOf(workbench, a)).filter((frame) => frame.direction === 'in')).toHaveLength(1);
    expect(workbench.sessions.setEcho(server.id, true).echo).toBe(true);
    await workbench.sessions.sendMessage({ sessionId: a, kind: 'text', data: base64('echo') });
    await until(() => frames(entriesOf(workbench, a)).filter((frame) => frame.direction === 'in').length === 2, 'the echo');
  });

  it('stopping a server closes its clients with 1001 Going Away (§7.4.1)', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    await workbench.sessions.stopServer(server.id);
    expect(workbench.summary(server.id)?.state).toBe('stopped');
    await until(() => workbench.summary(client)?.state === 'closed', 'the client closed');
    expect(workbench.summary(client)?.status).toMatch(/^closed 1001 Going Away: server shutting down \(clean\)$/);
  });

  it('removes a session with its capture', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url);
    await workbench.sessions.remove(server.id);
    expect(workbench.sessions.list().map((session) => session.id)).toEqual([client]);
    expect(workbench.entries(server.id, 1, 10)).toEqual([]);
    await until(() => workbench.summary(client)?.state === 'closed', 'the client closed');
  });
});

describe('per-connection options reach the transport', () => {
  it('wss:// with a self-signed certificate, trusted with tls.insecure', async () => {
    const workbench = startWorkbench();
    const server = await workbench.sessions.startServer({ host: HOST, port: 0, echo: true, tls: { selfSigned: true } });
    expect(server.label).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const refused = workbench.sessions.connect({ url: `${server.label}/` });
    await until(() => workbench.summary(refused.id)?.state === 'closed', 'the untrusted connection closed');
    expect(workbench.summary(refused.id)?.status).toMatch(/TLS certificate is not trusted/);

    const client = await openClient(workbench, `${server.label}/`, { tls: { insecure: true } });
    const handshake = entriesOf(workbench, client).find((entry) => entry.kind === 'handshake');
    expect(handshake?.kind === 'handshake' && handshake.record.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('permessage-deflate, with the inflated size on the compressed frame (RFC 7692)', async () => {
    const workbench = startWorkbench();
    const server = await workbench.sessions.startServer({ host: HOST, port: 0, echo: true, deflate: { threshold: 0 } });
    const client = await openClient(workbench, `${server.label}/`, { deflate: { threshold: 0 } });
    const handshake = entriesOf(workbench, client).find((entry) => entry.kind === 'handshake');
    expect(handshake?.kind === 'handshake' && handshake.record.extensions).toMatch(/^permessage-deflate/);
    const text = 'compress me '.repeat(50);
    await workbench.sessions.sendMessage({ sessionId: client, kind: 'text', data: base64(text) });
    await until(() => frames(entriesOf(workbench, client)).some((frame) => frame.direction === 'in' && frame.opcode === Opcode.Text), 'the echo');
    const echoed = frames(entriesOf(workbench, client)).find((frame) => frame.direction === 'in' && frame.opcode === Opcode.Text);
    expect(echoed).toMatchObject({ rsv1: true, inflatedLength: text.length });
    expect(echoed?.payloadLength).toBeLessThan(text.length);
  });

  it('a heartbeat pings on its interval, and each pong carries its round trip', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const client = await openClient(workbench, server.url, { pingInterval: 20, pingTimeout: 1000 });
    await until(() => frames(entriesOf(workbench, client)).filter((frame) => frame.opcode === Opcode.Pong).length >= 2, 'two pongs');
    const pongs = frames(entriesOf(workbench, client)).filter((frame) => frame.opcode === Opcode.Pong);
    expect(pongs.every((pong) => typeof pong.rttMs === 'number')).toBe(true);
  });

  it('refuses a heartbeat setting without an interval, and an unreadable PEM file', () => {
    const workbench = startWorkbench();
    expect(() => workbench.sessions.connect({ url: 'ws://127.0.0.1:1/', pingTimeout: 100 })).toThrow('pingTimeout and pingPayload need a pingInterval');
    expect(() => workbench.sessions.connect({ url: 'wss://127.0.0.1:1/', tls: { ca: '/nonexistent/ca.pem' } })).toThrow('cannot read the CA certificate /nonexistent/ca.pem: no such file');
  });
});

describe('what a user gets wrong: one clear sentence each', () => {
  it('a malformed URL is refused before any session exists', () => {
    const workbench = startWorkbench();
    expect(() => workbench.sessions.connect({ url: 'not a url' })).toThrow('not a valid URL: "not a url" (expected ws://host:port/path or wss://…)');
    expect(() => workbench.sessions.connect({ url: 'http://127.0.0.1/' })).toThrow('unsupported scheme "http": use ws:// or wss://');
    expect(workbench.sessions.list()).toEqual([]);
  });

  it('an unreachable host ends the session with the reason', async () => {
    const workbench = startWorkbench();
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, HOST, resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { id } = workbench.sessions.connect({ url: `ws://${HOST}:${port}/` });
    await until(() => workbench.summary(id)?.state === 'closed', 'closed');
    expect(workbench.summary(id)?.status).toBe(`connection refused by ${HOST}:${port}`);
    expect(lifecycle(entriesOf(workbench, id)).map((entry) => entry.event)).toEqual(['connecting', 'error', 'close']);
  });

  it('a port in use is refused and no server session is left behind', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    const port = Number(new URL(server.url).port);
    await expect(workbench.sessions.startServer({ host: HOST, port, echo: true })).rejects.toThrow(`port ${port} on ${HOST} is already in use`);
    expect(workbench.sessions.list()).toHaveLength(1);
  });

  it('a server that drops the connection mid-handshake', async () => {
    const workbench = startWorkbench();
    const dropper = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => dropper.listen(0, HOST, resolve));
    onTestFinished(() => new Promise<void>((resolve) => dropper.close(() => resolve())));
    const { port } = dropper.address() as net.AddressInfo;
    const { id } = workbench.sessions.connect({ url: `ws://${HOST}:${port}/` });
    await until(() => workbench.summary(id)?.state === 'closed', 'closed');
    expect(workbench.summary(id)?.status).toMatch(/^(the connection closed during the opening handshake|the peer reset the connection)$/);
  });

  it('sending on a server or an unknown session', async () => {
    const workbench = startWorkbench();
    const server = await echoServer(workbench);
    await expect(workbench.sessions.sendMessage({ sessionId: server.id, kind: 'text', data: '' })).rejects.toThrow(`${server.id} is a server: send to one of its clients, or broadcast to all`);
    await expect(workbench.sessions.sendMessage({ sessionId: 'nope', kind: 'text', data: '' })).rejects.toThrow('there is no session nope');
  });
});
