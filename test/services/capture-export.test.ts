// Exporting a session's timeline (capture.export) as NDJSON and as HAR with Chrome's
// `_webSocketMessages`, and importing HAR (capture.importHar) back as a timeline.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameEntry } from '../../shared/capture';
import type { HarLog } from '../../electron/services/har-export';
import { apiOf, base64, frames, startWorkbench, temporaryFolder, until } from './helpers';

/** An echo server with permessage-deflate, and a client that exchanged a few messages with it. */
async function conversation() {
  const workbench = startWorkbench({ previewBytes: 16 });
  const call = apiOf(workbench);
  const deflate = { threshold: 0 };
  const server = await call('server.start', { port: 0, deflate });
  const client = await call('session.connect', { url: `${server.label}/chat?room=1`, deflate });
  await until(() => workbench.summary(client.id)?.state === 'open', 'open');
  const send = async (kind: 'text' | 'binary', data: Buffer, splitAt?: number[]) => {
    const before = frames(workbench.entries(client.id, 1, 1000)).filter((entry) => entry.direction === 'in').length;
    const sent = await call('session.sendMessage', { sessionId: client.id, kind, data: data.toString('base64'), splitAt });
    await until(() => frames(workbench.entries(client.id, 1, 1000)).filter((entry) => entry.direction === 'in').length >= before + 1, 'the echo');
    return sent;
  };
  await send('text', Buffer.from('hello'));
  // The same again: with context takeover, it compresses against the first (RFC 7692 §7.2.3.3).
  await send('text', Buffer.from('hello'));
  await send('binary', Buffer.from([0, 1, 2, 250, 251, 252]));
  await call('session.ping', { sessionId: client.id });
  return { workbench, call, server, client: client.id };
}

describe('NDJSON', () => {
  it('writes one entry per line, each frame with its whole payload', async () => {
    const { workbench, call, client } = await conversation();
    const long = Buffer.from('a message longer than the sixteen-byte preview');
    await call('session.sendMessage', { sessionId: client, kind: 'text', data: long.toString('base64') });
    const file = path.join(temporaryFolder(), 'timeline.ndjson');
    const entries = workbench.entries(client, 1, 1000);
    expect(await call('capture.export', { sessionId: client, format: 'ndjson', path: file })).toEqual({ path: file, entries: entries.length });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const written = lines.map((line) => JSON.parse(line) as FrameEntry & { payload?: string });
    expect(written.map(({ payload: _payload, ...entry }) => entry)).toEqual(entries);
    const last = written.at(-1)!;
    expect(last).toMatchObject({ kind: 'frame', direction: 'out', complete: false });
    // The whole payload as captured (compressed, here), not the 16-byte preview.
    const whole = await call('capture.payload', { sessionId: client, seq: last.seq, offset: 0, length: 1000 });
    expect(last.payload).toBe(whole.data);
    expect(whole.total).toBe(last.payloadLength);
    expect(whole.total).toBeGreaterThan(16);
  });
});

describe('HAR', () => {
  it('writes the handshake and the data messages as Chrome does', async () => {
    const { workbench, call, server, client } = await conversation();
    const file = path.join(temporaryFolder(), 'chat.har');
    expect(await call('capture.export', { sessionId: client, format: 'har', path: file })).toEqual({ path: file, entries: 6 });
    const har = JSON.parse(readFileSync(file, 'utf8')) as HarLog;
    expect(har.log).toMatchObject({ version: '1.2', creator: { name: 'WS Workbench' } });
    const [entry] = har.log.entries;
    expect(har.log.entries).toHaveLength(1);
    expect(entry.request).toMatchObject({ method: 'GET', url: `${server.label}/chat?room=1`, queryString: [{ name: 'room', value: '1' }] });
    expect(entry.request.headers.map((header) => header.name)).toEqual(expect.arrayContaining(['Host', 'Upgrade', 'Sec-WebSocket-Key', 'Sec-WebSocket-Extensions']));
    expect(entry.response).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    expect(entry._resourceType).toBe('websocket');
    // Inflated back, control frames left out, binary in base64; time in seconds.
    const binary = Buffer.from([0, 1, 2, 250, 251, 252]).toString('base64');
    expect(entry._webSocketMessages.map(({ type, opcode, data }) => [type, opcode, data])).toEqual([
      ['send', 1, 'hello'],
      ['receive', 1, 'hello'],
      ['send', 1, 'hello'],
      ['receive', 1, 'hello'],
      ['send', 2, binary],
      ['receive', 2, binary],
    ]);
    // Compressed on the wire: the export inflated them.
    expect(frames(workbench.entries(client, 1, 1000)).filter((frame) => frame.opcode === 1).every((frame) => frame.rsv1)).toBe(true);
    const firstFrame = frames(workbench.entries(client, 1, 1000))[0];
    expect(entry._webSocketMessages[0].time).toBeCloseTo(firstFrame.time / 1e6, 5);
  });

  it('reassembles fragmented messages, and writes one entry per connection of a reconnected client', async () => {
    const { workbench, call, client } = await conversation();
    await call('session.sendMessage', { sessionId: client, kind: 'text', data: base64('in three parts'), splitAt: [3, 9] });
    // Three echoes and a pong so far, then this echo.
    await until(() => frames(workbench.entries(client, 1, 1000)).filter((entry) => entry.direction === 'in').length >= 5, 'the echo');
    await call('session.reconnect', { sessionId: client });
    await until(() => workbench.summary(client)?.state === 'open', 'open again');
    await call('session.sendMessage', { sessionId: client, kind: 'text', data: base64('second connection') });
    await until(() => frames(workbench.entries(client, 1, 1000)).filter((entry) => entry.direction === 'in').length >= 6, 'the echo');
    const file = path.join(temporaryFolder(), 'two.har');
    await call('capture.export', { sessionId: client, format: 'har', path: file });
    const { log } = JSON.parse(readFileSync(file, 'utf8')) as HarLog;
    expect(log.entries).toHaveLength(2);
    expect(log.entries[0]._webSocketMessages.at(-2)).toMatchObject({ type: 'send', opcode: 1, data: 'in three parts' });
    expect(log.entries[1]._webSocketMessages.map((message) => message.data)).toEqual(['second connection', 'second connection']);
  });

  it('imports what it exported: the same messages, as frames, after the handshake', async () => {
    const { workbench, call, client, server } = await conversation();
    const file = path.join(temporaryFolder(), 'round-trip.har');
    await call('capture.export', { sessionId: client, format: 'har', path: file });
    const imported = await call('capture.importHar', { path: file });
    expect(imported).toMatchObject({ kind: 'client', state: 'closed', label: `${server.label}/chat?room=1`, parentId: null });
    const timeline = workbench.entries(imported.id, 1, 1000);
    expect(timeline[0]).toMatchObject({ kind: 'event', event: 'note', text: expect.stringMatching(/^imported from round-trip\.har: 1 connection, 6 messages, one frame each/) });
    expect(timeline[1]).toMatchObject({ kind: 'handshake', record: { status: 101, accept: { ok: true }, extensions: expect.stringContaining('permessage-deflate') } });
    const { log } = JSON.parse(readFileSync(file, 'utf8')) as HarLog;
    const messages = log.entries[0]._webSocketMessages;
    const importedFrames = frames(timeline);
    expect(importedFrames.map((frame) => [frame.direction === 'out' ? 'send' : 'receive', frame.opcode, Math.round(frame.time / 1000)])).toEqual(
      messages.map((message) => [message.type, message.opcode, Math.round(message.time * 1000)]),
    );
    for (const [i, frame] of importedFrames.entries()) {
      const { data } = await call('capture.payload', { sessionId: imported.id, seq: frame.seq, offset: 0, length: 1000 });
      expect(data).toBe(messages[i].opcode === 1 ? base64(messages[i].data) : messages[i].data);
    }
    // Read only: a recorded timeline has nothing to reconnect.
    await expect(call('session.reconnect', { sessionId: imported.id })).rejects.toThrow(`${imported.id} is a recorded timeline opened from a file: it has no connection settings to reconnect with`);
  });

  it('imports a HAR as Chrome writes it, skipping entries that are not WebSockets', async () => {
    const workbench = startWorkbench();
    const call = apiOf(workbench);
    const file = path.join(temporaryFolder(), 'chrome.har');
    writeFileSync(file, JSON.stringify(chromeHar()));
    const imported = await call('capture.importHar', { path: file });
    expect(imported.label).toBe('wss://echo.example/socket');
    const [, handshake, ...rest] = workbench.entries(imported.id, 1, 100);
    expect(handshake).toMatchObject({ kind: 'handshake', time: Date.parse('2024-05-01T12:00:00.000Z') * 1000, record: { request: expect.stringMatching(/^GET \/socket HTTP\/1\.1\r\nHost: echo\.example\r\n/) } });
    expect(frames(rest).map((frame) => [frame.direction, frame.opcode, frame.header, frame.maskKey, Buffer.from(frame.preview, 'base64').toString('hex')])).toEqual([
      ['out', 1, '818200000000', '00000000', Buffer.from('hi').toString('hex')],
      ['in', 2, '8203', null, 'cafe00'],
    ]);
  });

  it('refuses a broken HAR with one sentence', async () => {
    const call = apiOf(startWorkbench());
    const folder = temporaryFolder();
    const write = (name: string, text: string) => {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      return file;
    };
    const notJson = write('a.har', '{ "log": ');
    await expect(call('capture.importHar', { path: notJson })).rejects.toThrow(`${notJson}: not valid JSON at line 1 column 10 (the file ends too soon)`);
    const noSockets = write('b.har', JSON.stringify({ log: { entries: [chromeHar().log.entries[0]] } }));
    await expect(call('capture.importHar', { path: noSockets })).rejects.toThrow(`${noSockets}: no WebSocket connection in it (no entry has _webSocketMessages)`);
    const har = chromeHar();
    (har.log.entries[1]._webSocketMessages as Array<Record<string, unknown>>)[1].type = 'sent';
    const badType = write('c.har', JSON.stringify(har));
    await expect(call('capture.importHar', { path: badType })).rejects.toThrow(`${badType}: log.entries[1]._webSocketMessages[1].type: Invalid option: expected one of "send"|"receive"`);
  });

  it('refuses a session without a handshake, and one that does not exist', async () => {
    const workbench = startWorkbench();
    const call = apiOf(workbench);
    const server = await call('server.start', { port: 0 });
    const file = path.join(temporaryFolder(), 'server.har');
    await expect(call('capture.export', { sessionId: server.id, format: 'har', path: file })).rejects.toThrow(`${server.id} has no opening handshake to export as HAR`);
    await expect(call('capture.export', { sessionId: 'nope', format: 'ndjson', path: file })).rejects.toThrow('there is no session nope');
  });
});

/** A HAR the way Chrome's DevTools save one: an ordinary request, then a WebSocket. */
function chromeHar() {
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries: [
        {
          startedDateTime: '2024-05-01T11:59:59.000Z',
          time: 12.5,
          request: { method: 'GET', url: 'https://echo.example/', httpVersion: 'HTTP/1.1', headers: [{ name: 'Host', value: 'echo.example' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
          response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/html' }, redirectURL: '', headersSize: -1, bodySize: 0 },
          cache: {},
          timings: { send: 0, wait: 10, receive: 2.5 },
        },
        {
          startedDateTime: '2024-05-01T12:00:00.000Z',
          time: 0,
          request: {
            method: 'GET',
            url: 'wss://echo.example/socket',
            httpVersion: 'HTTP/1.1',
            headers: [
              { name: 'Host', value: 'echo.example' },
              { name: 'Upgrade', value: 'websocket' },
              { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
            ],
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            httpVersion: 'HTTP/1.1',
            headers: [{ name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' }],
            cookies: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
          },
          cache: {},
          timings: { send: 0, wait: 0, receive: 0 },
          _resourceType: 'websocket',
          _webSocketMessages: [
            { type: 'send', time: 1714564800.25, opcode: 1, data: 'hi' },
            { type: 'receive', time: 1714564800.5, opcode: 2, data: Buffer.from('cafe00', 'hex').toString('base64') },
          ],
        },
      ],
    },
  };
}
