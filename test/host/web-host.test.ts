// Browser mode's host: the built UI served with a CSP, and the API socket open only to a
// page of its own origin holding the token. Real sockets on 127.0.0.1, our own client.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ApiEvent, BridgeReply } from '../../shared/api';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { connect } from '../../electron/transport/client';
import type { WsSocket } from '../../electron/transport/ws-socket';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function host(): Promise<WebHost> {
  const started = await startWebHost({ rendererDir: RENDERER });
  onTestFinished(() => started.close());
  return started;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}

/** Our own client on the API socket; resolves once open, rejects with the handshake's sentence. */
function openBridge(url: string, origin: string | undefined): Promise<WsSocket> {
  const ws = connect(url, origin === undefined ? {} : { origin });
  onTestFinished(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('failure', reject);
  });
}

function apiUrl(started: WebHost, token = started.token): string {
  return `ws://127.0.0.1:${started.port}/api?token=${encodeURIComponent(token)}`;
}

describe('static files', () => {
  it('serves the UI with its CSP and no Referer for the token to leak through', async () => {
    const started = await host();
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const page = await get(started.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await get(`${started.origin}/${script}`)).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the UI, nor answers another Host', async () => {
    const started = await host();
    expect((await get(`${started.origin}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await get(`${started.origin}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await get(`${started.origin}/nope.js`)).status).toBe(404);
    expect((await get(`${started.origin}/`, { Host: 'attacker.example' })).status).toBe(421);
  });

  it('listens on this machine only, and needs a built UI', async () => {
    await expect(startWebHost({ rendererDir: RENDERER, host: '0.0.0.0' })).rejects.toThrow('browser mode listens on this machine only: use 127.0.0.1, ::1 or localhost, not "0.0.0.0"');
    await expect(startWebHost({ rendererDir: path.join(RENDERER, 'missing') })).rejects.toThrow(/^the UI is not built \(no .*index\.html\): run npm run build$/);
  });
});

describe('the API socket', () => {
  it('answers calls and pushes event batches to a page of its own origin with the token', async () => {
    const started = await host();
    const ws = await openBridge(apiUrl(started), started.origin);
    const messages: Array<BridgeReply | { events: ApiEvent[] }> = [];
    ws.on('message', (_kind, data) => messages.push(JSON.parse(data.toString('utf8'))));
    ws.sendText(JSON.stringify({ id: 1, method: 'server.start', args: { port: 0 } }));
    ws.sendText(JSON.stringify({ id: 2, method: 'server.start', args: { port: 'x' } }));
    ws.sendText('not json');
    const deadline = Date.now() + 5000;
    while (!messages.some((message) => 'events' in message) || messages.filter((message) => 'id' in message).length < 3) {
      if (Date.now() > deadline) throw new Error(`no answers: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(messages).toContainEqual({ id: 1, result: expect.objectContaining({ kind: 'server', state: 'listening' }) });
    expect(messages).toContainEqual({ id: 2, error: { message: 'server.start: port: expected number, received string' } });
    expect(messages).toContainEqual({ id: null, error: { message: 'a request is not valid JSON' } });
    expect(messages.find((message) => 'events' in message)).toMatchObject({ events: expect.arrayContaining([expect.objectContaining({ type: 'session' })]) });
  });

  const refusals: Array<[string, (started: WebHost) => [string, string | undefined]]> = [
    ['a wrong token', (started) => [apiUrl(started, 'x'.repeat(32)), started.origin]],
    ['no token', (started) => [`ws://127.0.0.1:${started.port}/api`, started.origin]],
    ['another origin', (started) => [apiUrl(started), 'https://evil.example']],
    ['no origin at all', (started) => [apiUrl(started), undefined]],
    ['another path', (started) => [`ws://127.0.0.1:${started.port}/other?token=${started.token}`, started.origin]],
  ];
  for (const [what, target] of refusals) {
    it(`refuses ${what} with 403`, async () => {
      const started = await host();
      const [url, origin] = target(started);
      await expect(openBridge(url, origin)).rejects.toThrow(/403/);
      // …and keeps serving the page that does hold the token.
      await expect(openBridge(apiUrl(started), started.origin)).resolves.toBeDefined();
    });
  }
});
