// The Electron IPC binding, without the Electron runtime: every method of the contract
// gets its channel, the sender is checked, arguments are validated, events are batched.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, METHOD_NAMES, type ApiEvent, type ApiResponse } from '../../shared/api';
import { bindIpc, isTrustedSender, streamEvents } from '../../electron/main/ipc-binding';
import { secureWebPreferences } from '../../electron/main/window-options';
import { createApiHandler } from '../../electron/services/api-handlers';
import { startWorkbench, until } from './helpers';

type Listener = (event: IpcMainInvokeEvent, args: unknown) => Promise<ApiResponse> | ApiResponse;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

const APP_URL = 'file:///opt/wsb/dist/renderer/index.html';
const ourContents = { id: 1 } as unknown as WebContents;

function invokeEvent(url: string | null, sender = ourContents, parent: object | null = null): IpcMainInvokeEvent {
  return { sender, senderFrame: url === null ? null : { url, parent } } as unknown as IpcMainInvokeEvent;
}

const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event, APP_URL, (contents) => contents === ourContents);

describe('bindIpc', () => {
  it('binds one channel per method of the contract, and unbinds them', async () => {
    const ipc = fakeIpcMain();
    const unbind = bindIpc(ipc as never, createApiHandler(startWorkbench()), trusted);
    expect([...ipc.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers a trusted call, and refuses bad arguments with one sentence', async () => {
    const ipc = fakeIpcMain();
    bindIpc(ipc as never, createApiHandler(startWorkbench()), trusted);
    const call = (channel: string, args: unknown, event = invokeEvent(APP_URL)) => ipc.handlers.get(channel)?.(event, args);
    expect(await call('settings.get', {})).toEqual({ ok: true, result: { captureMemoryBytes: 256 * 1024 * 1024, previewBytes: 4096 } });
    expect(await call('server.start', { port: -1 })).toEqual({ ok: false, error: { message: 'server.start: port: Too small: expected number to be >=0' } });
    expect(await call('session.connect', { url: 'ftp://x' })).toEqual({ ok: false, error: { message: 'unsupported scheme "ftp": use ws:// or wss://' } });
  });

  it('refuses calls from any other page, frame or window', async () => {
    const ipc = fakeIpcMain();
    bindIpc(ipc as never, createApiHandler(startWorkbench()), trusted);
    const refused = { ok: false, error: { message: "session.list refused: the call did not come from the workbench's own page" } };
    const list = ipc.handlers.get('session.list');
    expect(await list?.(invokeEvent('https://evil.example/'), {})).toEqual(refused);
    expect(await list?.(invokeEvent('file:///tmp/other.html'), {})).toEqual(refused);
    expect(await list?.(invokeEvent(APP_URL, ourContents, { url: APP_URL }), {})).toEqual(refused);
    expect(await list?.(invokeEvent(APP_URL, { id: 2 } as unknown as WebContents), {})).toEqual(refused);
    expect(await list?.(invokeEvent(null), {})).toEqual(refused);
    expect(await list?.(invokeEvent(APP_URL), {})).toEqual({ ok: true, result: [] });
  });
});

describe('isTrustedSender', () => {
  it('accepts the dev server by origin', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedSender(invokeEvent('http://localhost:5173/?x'), dev, () => true)).toBe(true);
    expect(isTrustedSender(invokeEvent('http://localhost:5174/'), dev, () => true)).toBe(false);
  });
});

describe('streamEvents', () => {
  it('sends batches on the one events channel until the window goes away', async () => {
    const workbench = startWorkbench();
    const sent: Array<{ channel: string; events: ApiEvent[] }> = [];
    let destroyed: (() => void) | undefined;
    const contents = {
      send: (channel: string, events: ApiEvent[]) => sent.push({ channel, events }),
      isDestroyed: () => false,
      once: (_event: 'destroyed', listener: () => void) => {
        destroyed = listener;
        return contents;
      },
    };
    streamEvents(workbench, contents as never);
    const server = await workbench.sessions.startServer({ host: '127.0.0.1', port: 0, echo: true });
    for (let i = 0; i < 50; i++) workbench.sessions.setEcho(server.id, i % 2 === 0);
    await until(() => sent.length > 0, 'a batch');
    expect(sent.every((message) => message.channel === EVENTS_CHANNEL)).toBe(true);
    // 50 changes to one session, one summary in one message.
    expect(sent[0].events.filter((event) => event.type === 'session')).toHaveLength(1);
    destroyed?.();
    const count = sent.length;
    workbench.sessions.setEcho(server.id, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(count);
  });
});

describe('window options', () => {
  it("follow Electron's security checklist", () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });
});
