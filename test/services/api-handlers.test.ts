// The API as both transports bind it: every method of shared/api.ts reachable with valid
// arguments, bad arguments refused with one sentence, events batched.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type ApiResponse, type MethodName, type OpenedWorkspace, type SessionSummary } from '../../shared/api';
import { defaultCraftedFrame } from '../../shared/crafted-frame';
import { emptyRendererState } from '../../shared/workspace';
import { createApiHandler } from '../../electron/services/api-handlers';
import { base64, HOST, recordBatches, startWorkbench, temporaryFolder, until } from './helpers';

describe('every method is reachable', () => {
  it('runs each method of the contract with valid arguments', async () => {
    const workbench = startWorkbench();
    const api = createApiHandler(workbench);
    const ids = { server: '', client: '' };
    const folder = temporaryFolder();
    const workspaceFile = path.join(folder, 'workspace.json');
    const ok = async (method: MethodName, args: unknown): Promise<unknown> => {
      const response = await api.handle(method, args);
      expect(response, `${method} ${JSON.stringify(response)}`).toMatchObject({ ok: true });
      return (response as Extract<ApiResponse, { ok: true }>).result;
    };
    const open = (id: string) => until(() => workbench.summary(id)?.state === 'open', `${id} open`);

    // In the order a user would go; the Record type makes the compiler list every method.
    const calls: Record<MethodName, () => Promise<void>> = {
      'settings.get': async () => expect(await ok('settings.get', {})).toEqual({ captureMemoryBytes: 256 * 1024 * 1024, previewBytes: 4096 }),
      'settings.set': async () => expect(await ok('settings.set', { previewBytes: 64 })).toMatchObject({ previewBytes: 64 }),
      'server.start': async () => {
        ids.server = ((await ok('server.start', { port: 0 })) as SessionSummary).id;
      },
      'session.connect': async () => {
        const server = workbench.summary(ids.server);
        ids.client = ((await ok('session.connect', { url: `${server?.label}/` })) as SessionSummary).id;
        await open(ids.client);
      },
      'session.list': async () => expect((await ok('session.list', undefined)) as SessionSummary[]).toHaveLength(3),
      'session.sendMessage': async () => expect(await ok('session.sendMessage', { sessionId: ids.client, kind: 'text', data: base64('hi') })).toEqual({ frames: 1 }),
      'session.ping': async () => expect(await ok('session.ping', { sessionId: ids.client })).toBeNull(),
      'server.setEcho': async () => expect(await ok('server.setEcho', { sessionId: ids.server, echo: false })).toMatchObject({ echo: false }),
      'server.broadcast': async () => expect(await ok('server.broadcast', { sessionId: ids.server, kind: 'binary', data: base64('all') })).toEqual({ clients: 1 }),
      'capture.entries': async () => {
        await until(() => (workbench.summary(ids.client)?.entries ?? 0) >= 6, 'the frames');
        expect(((await ok('capture.entries', { sessionId: ids.client, from: 1, count: 100 })) as unknown[]).length).toBeGreaterThanOrEqual(6);
      },
      'capture.payload': async () => {
        const entries = workbench.entries(ids.client, 1, 100);
        const sent = entries.find((entry) => entry.kind === 'frame' && entry.direction === 'out');
        expect(await ok('capture.payload', { sessionId: ids.client, seq: sent?.seq, offset: 1, length: 10 })).toEqual({ data: base64('i'), total: 2 });
      },
      'capture.stats': async () => {
        const stats = (await ok('capture.stats', {})) as { usedBytes: number; limitBytes: number; rssBytes: number };
        expect(stats.usedBytes).toBeGreaterThan(0);
        expect(stats.usedBytes).toBe(workbench.captures.usedBytes);
        expect(stats.limitBytes).toBe(256 * 1024 * 1024);
        expect(stats.rssBytes).toBeGreaterThan(stats.usedBytes);
      },
      'session.sendFrames': async () => {
        const frame = { ...defaultCraftedFrame(), payload: base64('crafted') };
        expect(await ok('session.sendFrames', { sessionId: ids.client, steps: [{ frame }, { frame, delayMs: 5 }] })).toEqual({ frames: 2 });
      },
      // A masked, empty ping: valid, so the server answers it.
      'session.sendRawBytes': async () => expect(await ok('session.sendRawBytes', { sessionId: ids.client, data: Buffer.from('898000000000', 'hex').toString('base64') })).toEqual({ bytes: 6 }),
      'capture.export': async () => {
        const file = path.join(folder, 'client.har');
        // One HAR message per text or binary frame: none of them is fragmented.
        const messages = workbench.entries(ids.client, 1, 1000).filter((entry) => entry.kind === 'frame' && (entry.opcode === 1 || entry.opcode === 2)).length;
        expect(await ok('capture.export', { sessionId: ids.client, format: 'har', path: file })).toEqual({ path: file, entries: messages });
      },
      'capture.importHar': async () => expect(await ok('capture.importHar', { path: path.join(folder, 'client.har') })).toMatchObject({ kind: 'client', state: 'closed' }),
      'workspace.status': async () => expect(await ok('workspace.status', {})).toEqual({ path: null, dirty: true, recent: [], recovery: null }),
      'workspace.setRendererState': async () => {
        const state = { ...emptyRendererState(), layout: { theme: 'dark' } };
        expect(await ok('workspace.setRendererState', state)).toMatchObject({ dirty: true });
      },
      'workspace.save': async () => expect(await ok('workspace.save', { path: workspaceFile })).toEqual({ path: workspaceFile, dirty: false, recent: [workspaceFile], recovery: null }),
      'session.close': async () => {
        await ok('session.close', { sessionId: ids.client, code: 1000 });
        await until(() => workbench.summary(ids.client)?.state === 'closed', 'closed');
      },
      'session.reconnect': async () => {
        await ok('session.reconnect', { sessionId: ids.client });
        await open(ids.client);
      },
      'session.terminate': async () => {
        await ok('session.terminate', { sessionId: ids.client });
        await until(() => workbench.summary(ids.client)?.state === 'closed', 'closed');
      },
      'session.remove': async () => {
        await ok('session.remove', { sessionId: ids.client });
        expect(workbench.summary(ids.client)).toBeNull();
      },
      'server.stop': async () => expect(await ok('server.stop', { sessionId: ids.server })).toBeNull(),
      'workspace.new': async () => {
        expect(await ok('workspace.new', {})).toMatchObject({ path: null, dirty: false });
        expect(workbench.sessions.list()).toEqual([]);
      },
      'workspace.open': async () => {
        const opened = (await ok('workspace.open', { path: workspaceFile })) as OpenedWorkspace;
        expect(opened.sessions.map((session) => [session.kind, session.state])).toEqual([
          ['client', 'closed'],
          ['server', 'listening'],
        ]);
        expect(opened.renderer.layout).toEqual({ theme: 'dark' });
      },
      'workspace.recover': async () =>
        expect(await api.handle('workspace.recover', {})).toEqual({ ok: false, error: { message: 'there is no autosaved workspace to recover' } }),
      // Browser mode has no native dialog: the page is told to ask for the path itself.
      'dialog.choosePath': async () => expect(await ok('dialog.choosePath', { purpose: 'open-workspace' })).toEqual({ native: false, path: null }),
    };
    expect(Object.keys(calls).sort()).toEqual([...METHOD_NAMES].sort());
    for (const call of Object.values(calls)) await call();
  });
});

describe('bad arguments are refused with one sentence', () => {
  const cases: Array<[string, unknown, unknown, string]> = [
    ['a wrong type', 'session.connect', { url: 5 }, 'session.connect: url: expected string, received number'],
    ['no arguments at all', 'session.connect', undefined, 'session.connect: expected object, received undefined'],
    ['a port out of range', 'server.start', { port: 70000 }, 'server.start: port: Too big: expected number to be <=65535'],
    ['an argument no method takes', 'session.list', { x: 1 }, 'session.list: Unrecognized key: "x"'],
    ['data that is not base64', 'session.sendMessage', { sessionId: 's1', kind: 'text', data: '%%' }, 'session.sendMessage: data: expected base64'],
    ['two problems', 'session.close', { sessionId: '', code: 1.5 }, 'session.close: sessionId: Too small: expected string to have >=1 characters (and 1 more problem)'],
    ['an unknown method', 'session.explode', {}, 'unknown method "session.explode"'],
    ['a method that is not a string', 42, {}, 'unknown method "42"'],
  ];
  for (const [what, method, args, message] of cases) {
    it(what, async () => {
      const api = createApiHandler(startWorkbench());
      expect(await api.handle(method, args)).toEqual({ ok: false, error: { message } });
    });
  }

  it('errors from the services come back as their sentence, and the host keeps serving', async () => {
    const workbench = startWorkbench();
    const api = createApiHandler(workbench);
    expect(await api.handle('session.connect', { url: 'ws://' })).toEqual({ ok: false, error: { message: 'not a valid URL: "ws://" (expected ws://host:port/path or wss://…)' } });
    expect(await api.handle('session.close', { sessionId: 'nope' })).toEqual({ ok: false, error: { message: 'there is no session nope' } });
    expect(await api.handle('capture.payload', { sessionId: 'nope', seq: 1, offset: 0, length: 1 })).toEqual({ ok: false, error: { message: 'there is no session nope' } });
    const server = await api.handle('server.start', { port: 0 });
    expect(server.ok).toBe(true);
    const port = Number(new URL((server as { result: SessionSummary }).result.label).port);
    expect(await api.handle('server.start', { host: HOST, port })).toEqual({ ok: false, error: { message: `port ${port} on ${HOST} is already in use` } });
    const missing = path.join(temporaryFolder(), 'missing.json');
    expect(await api.handle('workspace.open', { path: missing })).toEqual({ ok: false, error: { message: `cannot read ${missing}: no such file or folder` } });
    expect(await api.handle('session.list', {})).toMatchObject({ ok: true });
  });
});

describe('events', () => {
  it('reach a subscriber in batches, at most one per interval', async () => {
    const workbench = startWorkbench();
    const api = createApiHandler(workbench);
    const { batches, all } = recordBatches(workbench);
    const server = (await api.handle('server.start', { port: 0 })) as { result: SessionSummary };
    const client = (await api.handle('session.connect', { url: `${server.result.label}/` })) as { result: SessionSummary };
    await until(() => workbench.summary(client.result.id)?.state === 'open', 'open');
    for (let i = 0; i < 200; i++) await api.handle('session.sendMessage', { sessionId: client.result.id, kind: 'text', data: base64(`m${i}`) });
    await until(() => all().filter((event) => event.type === 'entries' && event.sessionId === client.result.id).flatMap((event) => (event.type === 'entries' ? event.entries : [])).length >= 403, 'every frame');
    const gaps = batches.slice(1).map((batch, i) => batch.at - batches[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(14);
    // 200 messages and their echoes, plus the lifecycle, in a handful of messages rather than 400.
    expect(batches.length).toBeLessThan(50);
  });
});
