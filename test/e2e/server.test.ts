// Local servers end to end: the page starts a server, third-party clients (the `ws`
// package, Python websockets) connect to it and appear under it in the sidebar, their
// messages show in their own timelines, the page sends to one client and then to all,
// and stops the server.
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { SEEN, useWorkbench } from './harness';
import { clientsOf, frames, startServer, workbench } from './workbench-ui';

const wsb = useWorkbench();

interface Peer {
  socket: WebSocket;
  received: string[];
  closed: Promise<number>;
}

/** A `ws` client of the test's own, recording what it receives; terminated when the test ends. */
async function peer(url: string): Promise<Peer> {
  const socket = new WebSocket(url);
  onTestFinished(() => socket.terminate());
  const received: string[] = [];
  socket.on('message', (data) => received.push(String(data)));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, received, closed };
}

describe('a server started in the app', () => {
  it('talks with a third-party client, to one client and to all, and stops', async () => {
    const app = workbench(await wsb.page());
    await app.serverPanel.getByRole('checkbox', { name: 'Echo', exact: true }).uncheck();
    const url = await startServer(app);
    const clients = clientsOf(app, url);

    const first = await peer(url);
    await expect.poll(() => clients.count(), { timeout: SEEN }).toBe(1);
    first.socket.send('hello from ws');
    await clients.first().click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=1 13 B hello from ws']);

    const second = await peer(url);
    await expect.poll(() => clients.count(), { timeout: SEEN }).toBe(2);
    expect(await app.composer.getByText(/^to client 127\.0\.0\.1:\d+ of ws:\/\/127\.0\.0\.1:\d+$/).count()).toBe(1);
    await app.message.fill('only for the first');
    await app.send.click();
    await expect.poll(() => first.received, { timeout: SEEN }).toEqual(['only for the first']);

    await app.sessions.getByText(url, { exact: true }).click();
    await expect.poll(() => app.composer.getByText(`to all 2 clients of ${url}`).count(), { timeout: SEEN }).toBe(1);
    await app.message.fill('for everyone');
    await app.send.click();
    await expect.poll(() => first.received, { timeout: SEEN }).toEqual(['only for the first', 'for everyone']);
    await expect.poll(() => second.received, { timeout: SEEN }).toEqual(['for everyone']);

    await app.stopServer.click();
    // RFC 6455 §7.4.1: 1001, the server is going away.
    expect(await Promise.all([first.closed, second.closed])).toEqual([1001, 1001]);
    await expect.poll(() => app.serverPanel.getByText(`${url} stopped`).count(), { timeout: SEEN }).toBe(1);
    expect(await app.alert.count()).toBe(0);
  });

  it('talks with a Python websockets client', async () => {
    const app = workbench(await wsb.page());
    await app.serverPanel.getByRole('checkbox', { name: 'Echo', exact: true }).uncheck();
    const url = await startServer(app);
    // Debian's python3-websockets (CI installs it): say hello, print what arrives, leave on "bye".
    const script = [
      'import asyncio, sys, websockets',
      'async def main():',
      '    async with websockets.connect(sys.argv[1]) as ws:',
      '        await ws.send("hello from python")',
      '        async for message in ws:',
      '            print(message, flush=True)',
      '            if message == "bye": break',
      'asyncio.run(main())',
    ].join('\n');
    const python = spawn('/usr/bin/python3', ['-B', '-c', script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void python.kill());
    let output = '';
    python.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    python.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => python.once('exit', resolve));

    const client = clientsOf(app, url);
    await expect.poll(() => client.count(), { timeout: SEEN }).toBe(1);
    await client.click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=1 17 B hello from python']);
    await app.message.fill('bye');
    await app.send.click();
    expect(await exited).toBe(0);
    expect(output).toBe('bye\n');
    // Python closed with 1000 on leaving its `async with`.
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — closed 1000 Normal Closure/);
  });

  it('echoes when asked, and offers the subprotocol it was given', async () => {
    const app = workbench(await wsb.page());
    await app.serverPanel.getByRole('button', { name: /^Options/ }).click();
    await app.serverPanel.getByRole('textbox', { name: 'Subprotocols' }).fill('v2.chat');
    const url = await startServer(app);
    const socket = new WebSocket(url, ['v1.chat', 'v2.chat']);
    onTestFinished(() => socket.terminate());
    const echoed = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.protocol).toBe('v2.chat');
    socket.send('ping me back');
    expect(await echoed).toBe('ping me back');
  });

  it('says in one sentence why a server cannot start', async () => {
    const app = workbench(await wsb.page());
    await app.serverPanel.getByRole('button', { name: /^Options/ }).click();
    await app.serverPanel.getByRole('radio', { name: 'Certificate files' }).check();
    await app.serverPanel.getByRole('textbox', { name: 'Certificate' }).fill('/nonexistent/cert.pem');
    await app.serverPanel.getByRole('textbox', { name: 'Key' }).fill('/nonexistent/key.pem');
    await app.startServer.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toMatch(/^.*\/nonexistent\/cert\.pem.*\n×$/);
  });
});
