// Connecting end to end: the options typed in the page reach a third-party server (the
// `ws` package) in the opening handshake; wss:// to a self-signed server fails in one line
// until the certificate is accepted; a bad option is named before anything is sent.
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocketServer } from 'ws';
import { HOST, SEEN, useWorkbench } from './harness';
import { frames, startServer, timelineRows, workbench } from './workbench-ui';

const wsb = useWorkbench();

/** A `ws` server that accepts "chat", compresses, echoes, and keeps each request's headers. */
async function wsServer(): Promise<{ url: string; requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = new WebSocketServer({ host: HOST, port: 0, perMessageDeflate: { threshold: 0 }, handleProtocols: (offered) => (offered.has('chat') ? 'chat' : false) });
  server.on('connection', (socket, request) => {
    requests.push(request.headers);
    socket.on('message', (data, binary) => socket.send(data, { binary }));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  onTestFinished(() => {
    for (const client of server.clients) client.terminate();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `ws://${HOST}:${(server.address() as AddressInfo).port}/feed`, requests };
}

describe('connect with options', () => {
  it('sends the headers, subprotocols, Origin and deflate offer typed, and the handshake comes first', async () => {
    const server = await wsServer();
    const app = workbench(await wsb.page());
    await app.url.fill(server.url);
    await app.options.click();
    const options = app.connectionOptions;
    await options.getByRole('button', { name: 'Add header' }).click();
    await options.getByRole('textbox', { name: 'Header 1 name' }).fill('X-Api-Key');
    await options.getByRole('textbox', { name: 'Header 1 value' }).fill('s3cret');
    await options.getByRole('textbox', { name: 'Subprotocols' }).fill('chat, superchat');
    await options.getByRole('textbox', { name: 'Origin' }).fill('https://app.example');
    await options.getByRole('checkbox', { name: 'permessage-deflate' }).check();
    await options.getByRole('textbox', { name: 'Compress from' }).fill('0');
    await app.connect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — open$/);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ 'x-api-key': 's3cret', 'sec-websocket-protocol': 'chat, superchat', origin: 'https://app.example' });
    expect(server.requests[0]['sec-websocket-extensions']).toMatch(/^permessage-deflate/);
    // The status can say "open" a moment before the timeline draws the rows.
    const firstRows = async () => (await timelineRows(app.timeline)).slice(0, 3);
    await expect.poll(async () => (await firstRows()).map((row) => row.Opcode), { timeout: SEEN }).toEqual(['connecting', 'handshake', 'open']);
    const [, handshake] = await firstRows();
    expect(handshake.Preview).toMatch(/^101 Switching Protocols · accept ✓ · subprotocol chat · permessage-deflate/);

    // Compressed both ways (RFC 7692 §6: RSV1 on the first frame of a compressed message).
    await app.message.fill('squeeze me squeeze me squeeze me');
    await app.send.click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual([expect.stringMatching(/^text fin=1 rsv=100 mask=0 \d+ B/)]);
    expect(await frames(app.timeline, '→')).toEqual([expect.stringMatching(/^text fin=1 rsv=100 mask=1 \d+ B/)]);
  });

  it('names a bad option in one sentence and connects to nothing', async () => {
    const server = await wsServer();
    const app = workbench(await wsb.page());
    await app.url.fill(server.url);
    await app.options.click();
    await app.connectionOptions.getByRole('checkbox', { name: 'permessage-deflate' }).check();
    await app.connectionOptions.getByRole('textbox', { name: 'client_max_window_bits' }).fill('7');
    await app.connect.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toBe('The client_max_window_bits parameter is a whole number from 8 to 15, not "7".\n×');
    expect(server.requests).toEqual([]);
  });
});

describe('TLS', () => {
  it('says in one line that a self-signed certificate is not trusted, and connects once it is accepted', async () => {
    const app = workbench(await wsb.page());
    await app.serverPanel.getByRole('button', { name: /^Options/ }).click();
    await app.serverPanel.getByRole('radio', { name: 'Self-signed certificate' }).check();
    const url = `${await startServer(app)}/`;
    expect(url).toMatch(/^wss:\/\//);

    await app.url.fill(url);
    await app.connect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — closed: .*certificate/i);
    expect((await app.status.innerText()).split('\n')).toHaveLength(1);

    await app.options.click();
    await app.connectionOptions.getByRole('checkbox', { name: 'Accept any certificate (insecure)' }).check();
    await app.connect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — open$/);
  });
});
