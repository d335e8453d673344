// Workspaces end to end: Chromium drives `wsb web`; the page saves a workspace with a
// crafted frame (and with its captures), starts a new one, opens the first back from the
// recent list, asks before throwing unsaved changes away, and exports and imports
// timelines. The files land on the machine running the host: this test's.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SEEN, useWorkbench } from './harness';
import { connectTo, startServer, workbench, type Workbench } from './workbench-ui';

const wsb = useWorkbench();

/** A folder of the test's own for the files it writes, removed when the test ends. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsb-workspace-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The workbench page, with the workspace bar and its dialogs by name. */
async function page(): Promise<Workbench & { bar: Locator; dialog: (name: string) => Locator }> {
  const app = workbench(await wsb.page());
  return { ...app, bar: app.page.getByRole('group', { name: 'Workspace', exact: true }), dialog: (name: string) => app.page.getByRole('dialog', { name }) };
}

/** Save the frame in the crafter under `name`. */
async function saveCraftedFrame(app: Workbench, payload: string, name: string): Promise<void> {
  const crafter = app.page.getByRole('region', { name: 'Frame crafter' });
  await crafter.getByRole('textbox', { name: 'Payload', exact: true }).fill(payload);
  await crafter.getByRole('textbox', { name: 'Frame name' }).fill(name);
  await crafter.getByRole('button', { name: 'Save frame' }).click();
}

const savedFrame = (app: Workbench, name: string) => app.page.getByRole('region', { name: 'Frame crafter' }).getByRole('button', { name: `Load saved frame ${name}` });

describe('a workspace keeps what the renderer made', () => {
  it('saves a crafted frame in the file, starts afresh, and opens it back from the recent list', async () => {
    const file = join(scratch(), 'probe.json');
    const app = await page();
    await saveCraftedFrame(app, 'Hello', 'hello');
    await app.bar.getByRole('button', { name: 'Save workspace', exact: true }).click();
    await app.dialog('Save workspace').getByRole('textbox', { name: 'Path' }).fill(file);
    await app.dialog('Save workspace').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => app.bar.getByText('probe.json').count(), { timeout: SEEN }).toBe(1);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.format).toBe('ws-workbench-workspace');
    expect(saved.renderer.craftedFrames.map((entry: { name: string }) => entry.name)).toEqual(['hello']);

    await app.bar.getByRole('button', { name: 'New workspace' }).click();
    await expect.poll(() => savedFrame(app, 'hello').count(), { timeout: SEEN }).toBe(0);
    await app.bar.getByRole('button', { name: 'Open workspace' }).click();
    await app.dialog('Open workspace').getByRole('list', { name: 'Recent workspaces' }).getByRole('button', { name: file }).click();
    await expect.poll(() => savedFrame(app, 'hello').count(), { timeout: SEEN }).toBe(1);
    expect(await app.alert.count()).toBe(0);
  });

  it('keeps the captures too when asked', async () => {
    const file = join(scratch(), 'with-captures.json');
    const app = await page();
    await connectTo(app, `${await startServer(app)}/`);
    await app.message.fill('kept with the workspace');
    await app.send.click();
    await expect.poll(() => app.timeline.getByRole('row').filter({ hasText: 'kept with the workspace' }).count(), { timeout: SEEN }).toBe(2);
    await app.bar.getByRole('button', { name: 'Save as…' }).click();
    const save = app.dialog('Save workspace');
    await save.getByRole('textbox', { name: 'Path' }).fill(file);
    await save.getByRole('checkbox', { name: 'Save captures with the workspace' }).check();
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => app.dialog('Save workspace').count(), { timeout: SEEN }).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(Buffer.from('kept with the workspace').toString('base64'));
  });
});

describe('unsaved changes', () => {
  it('are named in the bar, and New asks before throwing them away', async () => {
    const app = await page();
    await saveCraftedFrame(app, 'not saved yet', 'draft');
    await expect.poll(() => app.bar.getByText(/unsaved changes/).count(), { timeout: SEEN }).toBe(1);
    await app.bar.getByRole('button', { name: 'New workspace' }).click();
    await app.dialog('Discard unsaved changes?').getByRole('button', { name: 'Cancel' }).click();
    expect(await savedFrame(app, 'draft').count()).toBe(1);
    await app.bar.getByRole('button', { name: 'New workspace' }).click();
    await app.dialog('Discard unsaved changes?').getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => savedFrame(app, 'draft').count(), { timeout: SEEN }).toBe(0);
  });

  it('make closing the page ask first', async () => {
    const app = await page();
    await saveCraftedFrame(app, 'not saved yet', 'draft');
    await expect.poll(() => app.bar.getByText(/unsaved changes/).count(), { timeout: SEEN }).toBe(1);
    const asked = new Promise<string>((resolve) => app.page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
    await app.page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
  });
});

describe('timelines in and out', () => {
  it('exports the selected timeline as NDJSON and HAR, and imports the HAR as a new session', async () => {
    const dir = scratch();
    const app = await page();
    await connectTo(app, `${await startServer(app)}/`);
    await app.message.fill('exported');
    await app.send.click();
    await expect.poll(() => app.timeline.getByRole('row').filter({ hasText: 'exported' }).count(), { timeout: SEEN }).toBe(2);

    for (const [format, name] of [['NDJSON (one entry a line)', 'timeline.ndjson'], ['HAR (browser dev tools)', 'timeline.har']]) {
      await app.bar.getByRole('button', { name: 'Export timeline' }).click();
      const exporting = app.page.getByRole('dialog', { name: /^Export the timeline of / });
      await exporting.getByRole('radio', { name: format }).check();
      await exporting.getByRole('textbox', { name: 'Path' }).fill(join(dir, name));
      await exporting.getByRole('button', { name: 'Export', exact: true }).click();
      await expect.poll(() => app.bar.getByText(`to ${join(dir, name)}.`).count(), { timeout: SEEN }).toBe(1);
    }
    const lines = readFileSync(join(dir, 'timeline.ndjson'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(readFileSync(join(dir, 'timeline.har'), 'utf8')).log.entries.length).toBeGreaterThan(0);

    const before = await app.sessions.getByRole('treeitem').count();
    await app.bar.getByRole('button', { name: 'Import HAR' }).click();
    await app.dialog('Import HAR').getByRole('textbox', { name: 'Path' }).fill(join(dir, 'timeline.har'));
    await app.dialog('Import HAR').getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => app.sessions.getByRole('treeitem').count(), { timeout: SEEN }).toBe(before + 1);
    // The imported session is selected: its timeline holds the message both ways.
    await expect.poll(() => app.timeline.getByRole('row').filter({ hasText: 'exported' }).count(), { timeout: SEEN }).toBe(2);
    expect(await app.alert.count()).toBe(0);
  });
});
