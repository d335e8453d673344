// End to end, as a user would: `wsb web` prints a URL, Chromium opens it, and the page
// starts a server, connects to it, sends a message and shows the frames. Then the
// mistakes a new user makes, each answered by one clear message while the app keeps
// running, and pages that must not be able to drive the host.
import http from 'node:http';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HOST, SEEN, useWorkbench } from './harness';
import { timelineRows } from './workbench-ui';

const wsb = useWorkbench();

/** A TCP server of the test's own, closed when the test ends. */
async function tcpServer(onSocket: (socket: net.Socket) => void = () => undefined): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}

const ui = (page: Page) => ({
  url: page.getByRole('textbox', { name: 'URL' }),
  connect: page.getByRole('button', { name: 'Connect', exact: true }),
  disconnect: page.getByRole('button', { name: 'Disconnect', exact: true }),
  port: page.getByRole('textbox', { name: 'Port' }),
  startServer: page.getByRole('button', { name: 'Start server' }),
  stopServer: page.getByRole('button', { name: 'Stop server' }),
  message: page.getByRole('textbox', { name: 'Message' }),
  send: page.getByRole('button', { name: 'Send', exact: true }),
  timeline: page.getByRole('grid', { name: 'Timeline' }),
  status: page.getByRole('status'),
  alert: page.locator('[role=alert]').filter({ hasText: /./ }),
});

/** Start a local echo server from the page, connect to it, send `text`; returns the server's URL. */
async function exchange(page: Page, text: string): Promise<string> {
  const app = ui(page);
  await app.port.fill('0');
  await app.startServer.click();
  const listening = page.getByRole('form', { name: 'Local server' }).getByText(/^listening on ws:\/\/127\.0\.0\.1:\d+$/);
  await listening.waitFor({ timeout: SEEN });
  const serverUrl = `${(await listening.innerText()).replace('listening on ', '')}/`;
  await app.url.fill(serverUrl);
  await app.connect.click();
  await app.disconnect.waitFor({ timeout: SEEN });
  await app.message.fill(text);
  await app.send.click();
  return serverUrl;
}

describe('browser mode, as a user drives it', () => {
  it('starts a server, connects to it, sends a message and shows the frames', async () => {
    const page = await wsb.page();
    const app = ui(page);
    await exchange(page, 'hello from the browser');

    // The URL box offers the server just started.
    expect(await app.url.inputValue()).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const rows = app.timeline.getByRole('row').filter({ hasText: 'hello from the browser' });
    await expect.poll(() => rows.count(), { timeout: SEEN }).toBe(2);
    const columns = async () => (await timelineRows(app.timeline)).filter((row) => row.Preview === 'hello from the browser').map((row) => `${row.Dir} ${row.Opcode} ${row.Length}`);
    await expect.poll(columns, { timeout: SEEN }).toEqual(['→ text 22', '← text 22']);
    // connecting, handshake, open, the message and its echo; plus the header row.
    expect(Number(await app.timeline.getAttribute('aria-rowcount'))).toBe(6);
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — open$/);

    await app.disconnect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/closed 1000 Normal Closure \(clean\)/);
    await app.stopServer.click();
    await expect.poll(() => app.stopServer.isDisabled(), { timeout: SEEN }).toBe(true);
    expect(await app.alert.count()).toBe(0);
  });
});

describe('mistakes a new user makes: one clear message each, and the app keeps running', () => {
  it('a malformed URL', async () => {
    const page = await wsb.page();
    const app = ui(page);
    await app.url.fill('localhost:8080');
    await app.connect.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toBe('Unsupported scheme "localhost": use ws:// or wss://.\n×');
    await app.url.fill('ws://exa mple/');
    await app.connect.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toMatch(/^Not a valid URL: "ws:\/\/exa mple\/"/);
  });

  it('an unreachable host', async () => {
    const port = await tcpServer();
    const page = await wsb.page();
    const app = ui(page);
    // A port nothing listens on any more.
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, HOST, () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    expect(closed).not.toBe(port);
    await app.url.fill(`ws://${HOST}:${closed}/`);
    await app.connect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toBe(`ws://${HOST}:${closed}/ — closed: connection refused by ${HOST}:${closed}`);
  });

  it('a port in use', async () => {
    const port = await tcpServer();
    const page = await wsb.page();
    const app = ui(page);
    await app.port.fill(String(port));
    await app.startServer.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toBe(`Port ${port} on ${HOST} is already in use.\n×`);
    await app.port.fill('seventy');
    await app.startServer.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toMatch(/^The port is a whole number from 0 to 65535/);
  });

  it('a server that drops the connection mid-handshake', async () => {
    const port = await tcpServer((socket) => socket.once('data', () => socket.destroy()));
    const page = await wsb.page();
    const app = ui(page);
    await app.url.fill(`ws://${HOST}:${port}/`);
    await app.connect.click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — closed: (the connection closed during the opening handshake|the peer reset the connection)$/);
  });

  it('after all of that the same page still exchanges messages', async () => {
    const page = await wsb.page();
    const app = ui(page);
    await app.url.fill('nonsense');
    await app.connect.click();
    await app.alert.waitFor({ timeout: SEEN });
    await exchange(page, 'still here');
    await expect.poll(() => app.timeline.getByRole('row').filter({ hasText: 'still here' }).count(), { timeout: SEEN }).toBe(2);
    expect(await app.alert.count()).toBe(0);
  });
});

describe('no other page can drive the host', () => {
  it('a wrong token gets a clear refusal', async () => {
    const page = await wsb.page({ url: wsb.url.replace(/token=.*/, 'token=wrong') });
    await expect.poll(() => ui(page).alert.innerText(), { timeout: SEEN }).toMatch(/^The workbench host refused this page or is not running/);
  });

  it('a page of another origin holding the right token is refused', async () => {
    const evil = http.createServer((_request, response) => response.end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => evil.listen(0, HOST, resolve));
    onTestFinished(() => new Promise<void>((resolve) => evil.close(() => resolve())));
    const page = await wsb.page({ url: `http://${HOST}:${(evil.address() as net.AddressInfo).port}/` });
    const api = wsb.url.replace(/^http:\/\/([^/]+)\/\?token=/, 'ws://$1/api?token=');
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve('open');
          socket.onclose = () => resolve('refused');
        }),
      api,
    );
    expect(outcome).toBe('refused');
  });
});
