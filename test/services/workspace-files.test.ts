// Workspace files (docs/workspace-format.md) through the API: a save → open round trip
// with everything a workspace holds, large captures gzipped, the atomic save that keeps
// the previous file, and every kind of broken file refused with one exact sentence while
// the running sessions stay exactly as they were.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenedWorkspace } from '../../shared/api';
import { defaultCraftedFrame } from '../../shared/crafted-frame';
import type { RendererState } from '../../shared/workspace';
import { nodeFs, type AtomicFs } from '../../electron/services/atomic-write';
import { Workbench } from '../../electron/services/workbench';
import { apiOf, base64, frames, startWorkbench, temporaryFolder, until } from './helpers';

const RENDERER: RendererState = {
  savedMessages: [{ id: 'm1', name: 'hello', folder: 'greetings/short', kind: 'text', encoding: 'utf8', body: 'hello' }],
  craftedFrames: [{ id: 'c1', name: 'unmasked', frame: { ...defaultCraftedFrame(), mask: 'none' } }],
  sequences: [{ id: 'q1', name: 'two pings', steps: [{ frame: { ...defaultCraftedFrame(), opcode: 9 }, delayMs: 0 }, { frame: { ...defaultCraftedFrame(), opcode: 9 }, delayMs: 250 }] }],
  layout: { sidebarWidth: 280, panels: ['timeline', 'inspector'], theme: null },
};

/** A workbench with an echo server, a client that exchanged `message` with it, and the renderer's state. */
async function busyWorkbench(options: { previewBytes?: number; message?: Buffer } = {}) {
  const workbench = startWorkbench({ previewBytes: options.previewBytes ?? 16 });
  const call = apiOf(workbench);
  const server = await call('server.start', { port: 0, faults: { writeDelayMs: 1 } });
  const client = await call('session.connect', { url: `${server.label}/echo`, headers: [['X-Test', 'yes']], subprotocols: ['chat'] });
  await until(() => workbench.summary(client.id)?.state === 'open', 'open');
  const message = options.message ?? Buffer.from('a message longer than the sixteen-byte preview');
  await call('session.sendMessage', { sessionId: client.id, kind: 'binary', data: message.toString('base64') });
  await until(() => frames(workbench.entries(client.id, 1, 100)).length === 2, 'the echo');
  await call('workspace.setRendererState', RENDERER);
  return { workbench, call, server, client, message };
}

describe('save and open', () => {
  it('round-trips settings, the renderer’s state and captures with whole payloads', async () => {
    const { workbench, call, server, client, message } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'round-trip.json');
    const clientBefore = workbench.entries(client.id, 1, 1000);
    const serverSide = workbench.sessions.list().find((session) => session.kind === 'server-client');
    const serverSideBefore = workbench.entries(serverSide!.id, 1, 1000);
    expect(await call('workspace.save', { path: file, includeCaptures: true })).toMatchObject({ path: file, dirty: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'ws-workbench-workspace', version: 1, clients: [{ url: `${server.label}/echo` }] });

    await call('workspace.new', {});
    expect(workbench.sessions.list()).toEqual([]);
    const opened = await call('workspace.open', { path: file });

    expect(opened.renderer).toEqual(RENDERER);
    expect(opened.status).toMatchObject({ path: file, dirty: false });
    const [restoredClient, restoredServer, restoredServerSide] = opened.sessions;
    expect(opened.sessions.map((session) => [session.kind, session.state, session.label])).toEqual([
      ['client', 'closed', `${server.label}/echo`],
      ['server', 'listening', server.label],
      ['server-client', 'closed', serverSide!.label],
    ]);
    expect(restoredServerSide.parentId).toBe(restoredServer.id);
    // The same timelines, entry for entry, and every payload whole again.
    expect(workbench.entries(restoredClient.id, 1, 1000)).toEqual(clientBefore);
    expect(workbench.entries(restoredServerSide.id, 1, 1000)).toEqual(serverSideBefore);
    const sent = frames(clientBefore).find((entry) => entry.direction === 'out');
    expect(sent?.complete).toBe(false);
    expect(await call('capture.payload', { sessionId: restoredClient.id, seq: sent!.seq, offset: 0, length: 1000 })).toEqual({ data: message.toString('base64'), total: message.length });
    // The server listens again, and a restored client reconnects with its own settings.
    await call('session.reconnect', { sessionId: restoredClient.id });
    await until(() => workbench.summary(restoredClient.id)?.state === 'open', 'reconnected');
    const handshakes = workbench.entries(restoredClient.id, 1, 1000).filter((entry) => entry.kind === 'handshake');
    expect(handshakes).toHaveLength(2);
    expect(handshakes[1]).toMatchObject({ record: { error: null, request: expect.stringMatching(/Sec-WebSocket-Protocol: chat\r\nX-Test: yes\r\n/) } });
  });

  it('keeps settings only, unless captures are asked for', async () => {
    const { call } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'settings-only.json');
    await call('workspace.save', { path: file });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(['clients', 'format', 'renderer', 'savedAt', 'servers', 'version']);
    const opened = await call('workspace.open', { path: file });
    expect(opened.sessions.map((session) => [session.kind, session.entries])).toEqual([
      ['client', 0],
      ['server', 2],
    ]);
  });

  it('gzips captures past 1 MiB, and reads them back', async () => {
    const big = Buffer.alloc(1536 * 1024, 'abcdefgh');
    const { workbench, call, client } = await busyWorkbench({ message: big });
    const file = path.join(temporaryFolder(), 'big.json');
    await call('workspace.save', { path: file, includeCaptures: true });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(saved.captures).toBeUndefined();
    expect(typeof saved.capturesGzip).toBe('string');
    expect(readFileSync(file).length).toBeLessThan(big.length / 10);
    const before = workbench.entries(client.id, 1, 1000);
    const opened = await call('workspace.open', { path: file });
    expect(workbench.entries(opened.sessions[0].id, 1, 1000)).toEqual(before);
    const sent = frames(before).find((entry) => entry.direction === 'out');
    expect(await call('capture.payload', { sessionId: opened.sessions[0].id, seq: sent!.seq, offset: 0, length: big.length })).toEqual({ data: big.toString('base64'), total: big.length });
  });

  it('saves again to where it was opened from, and says when there is nowhere yet', async () => {
    const { call } = await busyWorkbench();
    await expect(call('workspace.save', {})).rejects.toThrow('this workspace has not been saved yet: choose a file to save it to');
    const file = path.join(temporaryFolder(), 'again.json');
    await call('workspace.save', { path: file });
    await call('workspace.setRendererState', { ...RENDERER, layout: { changed: true } });
    expect(await call('workspace.save', {})).toMatchObject({ path: file, dirty: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).renderer.layout).toEqual({ changed: true });
  });
});

describe('the atomic save never loses the previous file', () => {
  /** Real file operations, except the one that fails. */
  const failing = (step: 'write' | 'rename'): AtomicFs => ({
    ...nodeFs,
    open: async (file, flags, mode) => {
      const handle = await nodeFs.open(file, flags, mode);
      if (step !== 'write' || flags === 'r') return handle;
      return {
        ...handle,
        sync: () => handle.sync(),
        close: () => handle.close(),
        // Half the bytes reach the disk, then the disk is full.
        writeFile: async (data) => {
          await handle.writeFile(data.slice(0, data.length / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      };
    },
    rename: async (from, to) => {
      if (step === 'rename') throw Object.assign(new Error(`EXDEV: cross-device link not permitted, rename '${from}' -> '${to}'`), { code: 'EXDEV' });
      return nodeFs.rename(from, to);
    },
  });

  it.each([
    ['the disk fills up during the write', 'write', 'no space left on the device'],
    ['the rename fails', 'rename', 'EXDEV: cross-device link not permitted'],
  ] as const)('%s', async (_name, step, reason) => {
    const folder = temporaryFolder();
    const file = path.join(folder, 'workspace.json');
    const good = startWorkbench();
    await apiOf(good)('workspace.save', { path: file });
    const previous = readFileSync(file);

    const workbench = new Workbench({}, { fs: failing(step) });
    const call = apiOf(workbench);
    await call('workspace.setRendererState', RENDERER);
    await expect(call('workspace.save', { path: file })).rejects.toThrow(new RegExp(`^cannot write ${file}: ${reason}`));
    expect(readFileSync(file).equals(previous)).toBe(true);
    expect(readdirSync(folder)).toEqual(['workspace.json']);
    expect(await call('workspace.status', {})).toMatchObject({ path: null, dirty: true });
    await workbench.dispose();
  });
});

describe('a broken file is refused with one sentence, and changes nothing', () => {
  async function attempt(text: string): Promise<{ message: string; unchanged: () => Promise<void> }> {
    const { workbench, call } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'broken.json');
    writeFileSync(file, text);
    const sessions = workbench.sessions.list();
    const status = await call('workspace.status', {});
    const error = await call('workspace.open', { path: file }).then(
      () => new Error('it opened'),
      (failure: Error) => failure,
    );
    return {
      message: error.message.replace(file, '<file>'),
      unchanged: async () => {
        expect(workbench.sessions.list()).toEqual(sessions);
        expect(await call('workspace.status', {})).toEqual(status);
        expect(workbench.workspace.rendererState).toEqual(RENDERER);
      },
    };
  }

  type Capture = { kind: string; entries: Array<Record<string, unknown>>; payloads: Record<string, string>; config?: number };
  const clientCapture = (document: Record<string, unknown>) => (document.captures as Capture[]).find((capture) => capture.kind === 'client')!;
  const clientIndex = (text: string) => (JSON.parse(text) as { captures: Capture[] }).captures.findIndex((capture) => capture.kind === 'client');

  /** A valid file's text, changed by `edit`. */
  async function validText(edit: (document: Record<string, unknown>) => void = () => undefined): Promise<string> {
    const { call } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'valid.json');
    await call('workspace.save', { path: file, includeCaptures: true });
    const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(document);
    return JSON.stringify(document, null, 2);
  }

  it('not JSON at all', async () => {
    const { message, unchanged } = await attempt('version = 1\n');
    expect(message).toBe('<file>: not valid JSON at line 1 column 1 (expected a value)');
    await unchanged();
  });

  it('a truncated file', async () => {
    const text = await validText();
    const cut = text.slice(0, Math.floor(text.length / 2));
    const lines = cut.split('\n');
    const { message, unchanged } = await attempt(cut);
    expect(message).toBe(`<file>: not valid JSON at line ${lines.length} column ${lines.at(-1)!.length + 1} (the file ends too soon)`);
    await unchanged();
  });

  it('a hand-edited comma too many', async () => {
    const { message, unchanged } = await attempt('{\n  "format": "ws-workbench-workspace",\n  "version": 1,\n}\n');
    expect(message).toBe('<file>: not valid JSON at line 4 column 1 (expected a property name in double quotes)');
    await unchanged();
  });

  it('a JSON file that is not a workspace', async () => {
    const { message, unchanged } = await attempt('{ "name": "package", "version": "1.0.0" }');
    expect(message).toBe('<file>: not a WS Workbench workspace (it has no "format": "ws-workbench-workspace")');
    await unchanged();
  });

  it('a newer format version', async () => {
    const { message, unchanged } = await attempt(await validText((document) => (document.version = 2)));
    expect(message).toBe('<file>: written by a newer WS Workbench (format version 2); this version reads version 1');
    await unchanged();
  });

  it('a hand-broken field', async () => {
    const { message, unchanged } = await attempt(await validText((document) => ((document.clients as Array<Record<string, unknown>>)[0].url = 5)));
    expect(message).toBe('<file>: clients[0].url: expected string, received number');
    await unchanged();
  });

  it('a hand-broken capture entry', async () => {
    const text = await validText((document) => {
      clientCapture(document).entries.find((entry) => entry.kind === 'frame')!.opcode = 16;
    });
    const { message, unchanged } = await attempt(text);
    expect(message).toMatch(new RegExp(`^<file>: captures\\[${clientIndex(text)}\\]\\.entries\\[\\d+\\]\\.opcode: Too big: expected number to be <=15$`));
    await unchanged();
  });

  it('a capture whose payload is missing', async () => {
    const text = await validText((document) => (clientCapture(document).payloads = {}));
    const { message, unchanged } = await attempt(text);
    expect(message).toMatch(new RegExp(`^<file>: captures\\[${clientIndex(text)}\\]\\.payloads: frame \\d+ has no payload, and its preview is not the whole of it$`));
    await unchanged();
  });

  it('a capture that names settings the file does not have', async () => {
    const text = await validText((document) => (clientCapture(document).config = 7));
    const { message, unchanged } = await attempt(text);
    expect(message).toBe(`<file>: captures[${clientIndex(text)}].config: there is no clients[7]`);
    await unchanged();
  });

  it('compressed captures that are not gzip', async () => {
    const text = await validText((document) => {
      delete document.captures;
      document.capturesGzip = base64('not gzip');
    });
    const { message, unchanged } = await attempt(text);
    expect(message).toBe('<file>: capturesGzip: not valid gzip data');
    await unchanged();
  });

  it('a file that does not exist', async () => {
    const { workbench } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'missing.json');
    await expect(apiOf(workbench)('workspace.open', { path: file })).rejects.toThrow(`cannot read ${file}: no such file or folder`);
  });
});

describe('opening replaces the sessions', () => {
  it('a server whose port is taken stays in the workspace, stopped, saying why', async () => {
    const { workbench, call, server } = await busyWorkbench();
    const file = path.join(temporaryFolder(), 'taken.json');
    await call('workspace.save', { path: file });
    // Another workbench holds the port now.
    const other = startWorkbench();
    await call('workspace.new', {});
    const port = Number(new URL(server.label).port);
    await apiOf(other)('server.start', { port });
    const opened: OpenedWorkspace = await call('workspace.open', { path: file });
    const restored = opened.sessions.find((session) => session.kind === 'server');
    expect(restored).toMatchObject({ state: 'stopped', status: `could not start: port ${port} on 127.0.0.1 is already in use` });
    // Its settings are still the workspace's: saving keeps them.
    expect(workbench.sessions.workspace().servers).toHaveLength(1);
    expect(opened.status.dirty).toBe(false);
  });
});
