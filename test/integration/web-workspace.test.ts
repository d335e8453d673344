// `wsb web --workspace FILE` opens a workspace at launch; a file that cannot be opened is
// one line on stderr, and the workbench starts anyway with an empty workspace.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, SessionSummary } from '../../shared/api';
import { emptyRendererState, WORKSPACE_FORMAT } from '../../shared/workspace';
import { connect } from '../../electron/transport/client';
import { waitFor, within } from './helpers';
import { killAllWsb, startWsb, type WsbProcess } from './wsb-process';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'wsb-web-workspace-'));
  // The wsb processes started here keep their recent list and autosaves in this folder.
  process.env.XDG_CONFIG_HOME = path.join(folder, 'config');
});
afterEach(() => killAllWsb());
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** What a page of this browser-mode host sees first: its first batch of events, and the sessions. */
async function firstLook(wsb: WsbProcess): Promise<{ events: ApiEvent[]; sessions: SessionSummary[] }> {
  const [, origin, token] = await wsb.output(/(http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/);
  const ws = connect(`${origin.replace('http', 'ws')}/api?token=${token}`, { origin });
  try {
    const events = JSON.parse((await waitFor(ws, 'message'))[1].toString('utf8')) as { events: ApiEvent[] };
    ws.sendText(JSON.stringify({ id: 1, method: 'session.list', args: {} }));
    const reply = JSON.parse((await waitFor(ws, 'message'))[1].toString('utf8')) as { result: SessionSummary[] };
    return { events: events.events, sessions: reply.result };
  } finally {
    ws.terminate();
  }
}

const workspaceOf = (events: ApiEvent[]) => events.find((event): event is ApiEvent & { type: 'workspace' } => event.type === 'workspace');

describe('wsb web --workspace FILE', () => {
  it('opens the workspace before the page connects', async () => {
    const file = path.join(folder, 'launch.json');
    const renderer = { ...emptyRendererState(), layout: { opened: 'at launch' } };
    writeFileSync(file, JSON.stringify({ format: WORKSPACE_FORMAT, version: 1, savedAt: new Date().toISOString(), clients: [{ url: 'ws://127.0.0.1:9/later' }], servers: [], renderer }));
    const wsb = startWsb('web', '--workspace', file);
    const { events, sessions } = await firstLook(wsb);
    expect(workspaceOf(events)).toMatchObject({ status: { path: file, dirty: false, recent: [file] }, renderer });
    expect(sessions).toEqual([expect.objectContaining({ kind: 'client', label: 'ws://127.0.0.1:9/later', state: 'closed' })]);
    expect(wsb.stderr).toBe('');
    wsb.child.kill('SIGTERM');
    expect((await wsb.exit()).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(folder, 'config', 'ws-workbench', 'recent.json'), 'utf8'))).toEqual({ recent: [file] });
  });

  it('reports a broken file in one line and starts with an empty workspace', async () => {
    const file = path.join(folder, 'broken.json');
    writeFileSync(file, '{\n  "format": "ws-workbench-workspace",\n');
    const wsb = startWsb('web', '--workspace', file);
    const { events, sessions } = await firstLook(wsb);
    expect(workspaceOf(events)?.status).toMatchObject({ path: null, dirty: false });
    expect(sessions).toEqual([]);
    await within(wsb.output(/cannot open/, 'stderr'), 5_000, 'the message');
    expect(wsb.stderr).toBe(`wsb: cannot open the workspace: ${file}: not valid JSON at line 3 column 1 (the file ends too soon)\n`);
  });
});
