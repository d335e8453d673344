// Autosave and crash recovery, the recent-workspaces list, the dirty flag and the
// 'workspace' events, with the data folder in a temporary folder and process ids chosen
// by the test (a crashed run is one whose process is gone).
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { emptyRendererState } from '../../shared/workspace';
import { apiOf, recordBatches, startWorkbench, temporaryFolder, until } from './helpers';

const CRASHED = 4001;
const CURRENT = 4002;
const alive = (pid: number) => pid === CURRENT;
const STATE = { ...emptyRendererState(), layout: { note: 'unsaved work' } };

/** A run of the workbench with its data in `dataDir`, as process `pid`. */
async function run(dataDir: string, pid: number, autosaveMs = 60_000) {
  const workbench = startWorkbench();
  await workbench.workspace.startPersistence({ dataDir, pid, isAlive: alive, autosaveMs });
  return { workbench, call: apiOf(workbench) };
}

/** A run that made changes, autosaved them, and then died without a clean exit. */
async function crashedRun(dataDir: string, savedTo: string | null = null) {
  const { workbench, call } = await run(dataDir, CRASHED);
  if (savedTo !== null) await call('workspace.save', { path: savedTo });
  await call('session.connect', { url: 'ws://127.0.0.1:9/never' });
  await call('workspace.setRendererState', STATE);
  expect(await workbench.workspace.autosave()).toBe(true);
  expect(existsSync(path.join(dataDir, `autosave-${CRASHED}.json`))).toBe(true);
}

describe('crash recovery', () => {
  it('offers what a crashed run autosaved, and recovers it as unsaved changes', async () => {
    const dataDir = temporaryFolder();
    const file = path.join(temporaryFolder(), 'project.json');
    await crashedRun(dataDir, file);
    const { call } = await run(dataDir, CURRENT);
    const status = await call('workspace.status', {});
    expect(status.recovery).toEqual({ savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const recovered = await call('workspace.recover', {});
    expect(recovered.renderer).toEqual(STATE);
    expect(recovered.sessions.map((session) => [session.kind, session.label, session.state])).toEqual([['client', 'ws://127.0.0.1:9/never', 'closed']]);
    expect(recovered.status).toMatchObject({ path: file, dirty: true, recovery: null });
    expect(readdirSync(dataDir).filter((name) => name.startsWith('autosave-'))).toEqual([]);
    // Saving puts the recovered work where it came from.
    expect(await call('workspace.save', {})).toMatchObject({ path: file, dirty: false });
  });

  it('offers nothing after a clean exit', async () => {
    const dataDir = temporaryFolder();
    const { workbench, call } = await run(dataDir, CRASHED);
    await call('workspace.setRendererState', STATE);
    await workbench.workspace.autosave();
    await workbench.dispose();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('autosave-'))).toEqual([]);
    const next = await run(dataDir, CURRENT);
    expect((await next.call('workspace.status', {})).recovery).toBeNull();
    await expect(next.call('workspace.recover', {})).rejects.toThrow('there is no autosaved workspace to recover');
  });

  it('offers nothing when the workspace was saved after the autosave', async () => {
    const dataDir = temporaryFolder();
    const file = path.join(temporaryFolder(), 'project.json');
    await crashedRun(dataDir, file);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const { call } = await run(dataDir, CURRENT);
    expect((await call('workspace.status', {})).recovery).toBeNull();
    expect(existsSync(path.join(dataDir, `autosave-${CRASHED}.json`))).toBe(false);
  });

  it('ignores the autosave of a run that is still going', async () => {
    const dataDir = temporaryFolder();
    const first = await run(dataDir, CURRENT);
    await first.call('workspace.setRendererState', STATE);
    await first.workbench.workspace.autosave();
    const second = startWorkbench();
    await second.workspace.startPersistence({ dataDir, pid: CURRENT + 1, isAlive: alive });
    expect(second.workspace.status().recovery).toBeNull();
  });

  it('autosaves on its interval while there are unsaved changes, and only then', async () => {
    const dataDir = temporaryFolder();
    const { workbench, call } = await run(dataDir, CURRENT, 20);
    const autosave = path.join(dataDir, `autosave-${CURRENT}.json`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(autosave)).toBe(false);
    await call('workspace.setRendererState', STATE);
    await until(() => existsSync(autosave), 'the autosave');
    expect(await workbench.workspace.autosave()).toBe(false);
    // Saving makes the autosave pointless: it goes.
    await call('workspace.save', { path: path.join(temporaryFolder(), 'saved.json') });
    expect(existsSync(autosave)).toBe(false);
  });
});

describe('the recent list', () => {
  it('lists opened and saved files, most recent first, and keeps them across runs', async () => {
    const dataDir = temporaryFolder();
    const folder = temporaryFolder();
    const files = ['a.json', 'b.json', 'c.json'].map((name) => path.join(folder, name));
    const { call } = await run(dataDir, CURRENT);
    for (const file of files) await call('workspace.save', { path: file });
    await call('workspace.open', { path: files[0] });
    const expected = [files[0], files[2], files[1]];
    expect((await call('workspace.status', {})).recent).toEqual(expected);
    const next = await run(dataDir, CURRENT + 1);
    expect((await next.call('workspace.status', {})).recent).toEqual(expected);
  });

  it('keeps the ten most recent', async () => {
    const { call } = await run(temporaryFolder(), CURRENT);
    const folder = temporaryFolder();
    for (let i = 0; i < 12; i++) await call('workspace.save', { path: path.join(folder, `${i}.json`) });
    const { recent } = await call('workspace.status', {});
    expect(recent).toHaveLength(10);
    expect(recent[0]).toBe(path.join(folder, '11.json'));
  });

  it('starts empty from a broken list, and writes a good one at the next save', async () => {
    const dataDir = temporaryFolder();
    writeFileSync(path.join(dataDir, 'recent.json'), '{ "recent": [');
    const { call } = await run(dataDir, CURRENT);
    expect((await call('workspace.status', {})).recent).toEqual([]);
    const file = path.join(temporaryFolder(), 'x.json');
    await call('workspace.save', { path: file });
    expect((await run(dataDir, CURRENT + 1)).workbench.workspace.status().recent).toEqual([file]);
  });
});

describe('the dirty flag and workspace events', () => {
  const workspaceEvents = (all: ApiEvent[]) => all.filter((event): event is ApiEvent & { type: 'workspace' } => event.type === 'workspace');

  it('a subscriber starts with the status and the renderer’s state', async () => {
    const workbench = startWorkbench();
    await apiOf(workbench)('workspace.setRendererState', STATE);
    const { all } = recordBatches(workbench);
    await until(() => workspaceEvents(all()).length > 0, 'the first batch');
    expect(workspaceEvents(all())[0]).toEqual({ type: 'workspace', status: { path: null, dirty: true, recent: [], recovery: null }, renderer: STATE });
  });

  it('follows the settings and the renderer’s state back to what was saved', async () => {
    const workbench = startWorkbench();
    const call = apiOf(workbench);
    const { all } = recordBatches(workbench);
    /** The flag, as the status says it and as the latest event reported it. */
    const expectDirty = async (dirty: boolean) => {
      expect((await call('workspace.status', {})).dirty).toBe(dirty);
      await until(() => workspaceEvents(all()).at(-1)?.status.dirty === dirty, `an event with dirty ${dirty}`);
    };
    await expectDirty(false);
    const server = await call('server.start', { port: 0 });
    await expectDirty(true);
    await call('workspace.save', { path: path.join(temporaryFolder(), 'w.json') });
    await expectDirty(false);
    const client = await call('session.connect', { url: `${server.label}/` });
    await expectDirty(true);
    // The server's client came and goes with it, without changing the workspace.
    await until(() => workbench.sessions.list().some((session) => session.kind === 'server-client'), "the server's client");
    await call('session.remove', { sessionId: client.id });
    await expectDirty(false);
    await call('server.setEcho', { sessionId: server.id, echo: false });
    await expectDirty(true);
    await call('server.setEcho', { sessionId: server.id, echo: true });
    await expectDirty(false);
    await call('workspace.setRendererState', STATE);
    await expectDirty(true);
    await call('workspace.setRendererState', emptyRendererState());
    await expectDirty(false);
  });

  it('opening a file sends the renderer its state', async () => {
    const workbench = startWorkbench();
    const call = apiOf(workbench);
    const file = path.join(temporaryFolder(), 'w.json');
    await call('workspace.setRendererState', STATE);
    await call('workspace.save', { path: file });
    await call('workspace.new', {});
    const { all } = recordBatches(workbench);
    await call('workspace.open', { path: file });
    await until(() => workspaceEvents(all()).some((event) => event.status.path === file), 'the open');
    expect(workspaceEvents(all()).find((event) => event.status.path === file)?.renderer).toEqual(STATE);
  });
});
