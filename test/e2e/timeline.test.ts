// The timeline as a user works with it: fragments grouped into their message (RFC 6455
// §5.4) and opened on demand, filters by direction, opcode kind and payload text or
// regular expression, the keyboard, and the layout around it (themes, pane handles).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEEN, useWorkbench } from './harness';
import { peerOfPage, rowCount, utf8 } from './peer';
import { timelineRows, workbench } from './workbench-ui';

const wsb = useWorkbench();

/** The rows as "Dir Opcode FIN Length Preview", one line each. */
async function lines(page: Page): Promise<string[]> {
  return (await timelineRows(workbench(page).timeline)).map((row) => [row.Dir, row.Opcode, row.FIN, row.Length, row.Preview].filter(Boolean).join(' '));
}

const inspectorField = (page: Page, name: string) => page.getByRole('region', { name: 'Frame inspector' }).getByLabel(name, { exact: true });

describe('fragments (§5.4)', () => {
  it('groups three fragments into one message row, opened with → and closed with ←', async () => {
    const page = await wsb.page();
    const ws = await peerOfPage(page);
    const before = await rowCount(page);
    // "one €uro, two" split inside the euro sign's three bytes (e2 | 82 ac), a ping in between (§5.5).
    const text = utf8('one €uro, two');
    ws.sendFrame(0x1, text.subarray(0, 5), false);
    ws.sendFrame(0x9, utf8('mid'), true);
    ws.sendFrame(0x0, text.subarray(5, 9), false);
    ws.sendFrame(0x0, text.subarray(9), true);

    // The message, the ping and our pong.
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(before + 3);
    expect((await lines(page)).slice(-3)).toEqual(['← text 15 one €uro, two3 fragments', '← ping 1 3 “mid”', '→ pong 1 3 “mid”']);
    const message = workbench(page).timeline.getByRole('row', { expanded: false });
    await message.locator('.c-preview').click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(before + 6);
    expect((await lines(page)).slice(-6)).toEqual([
      '← text 15 one €uro, two3 fragments',
      '← text 0 5 one �ends inside a 3-byte character (1 of its 3 bytes here)',
      '← ping 1 3 “mid”',
      '→ pong 1 3 “mid”',
      '← continuation 0 4 ��urbegins with 2 bytes that finish a character from the previous fragment',
      '← continuation 1 6 o, two',
    ]);

    // The message's own row: the reassembled text; a fragment: why it alone is not valid UTF-8.
    const panel = page.getByRole('region', { name: 'Frame inspector' }).getByRole('tabpanel');
    await expect.poll(() => panel.innerText(), { timeout: SEEN }).toBe('one €uro, two');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => inspectorField(page, 'UTF-8').innerText(), { timeout: SEEN }).toBe('ends inside a 3-byte character (1 of its 3 bytes here); valid once reassembled');
    await page.getByRole('region', { name: 'Frame inspector' }).getByRole('radio', { name: /^Reassembled message/ }).click();
    await expect.poll(() => panel.innerText(), { timeout: SEEN }).toBe('one €uro, two');

    // ← on a fragment goes back to its message and closes it.
    await page.getByRole('grid', { name: 'Timeline' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(before + 3);
    expect(await page.getByRole('region', { name: 'Frame inspector' }).locator('h2').innerText()).toBe(`Message of 3 fragments, frame ${before + 1} first`);
  });
});

describe('filters', () => {
  it('by direction, opcode kind, text and regular expression; Ctrl+F finds the filter', async () => {
    const page = await wsb.page();
    const ws = await peerOfPage(page);
    const app = workbench(page);
    ws.sendText('alpha one');
    ws.sendText('Beta two');
    ws.sendBinary(Buffer.from([1, 2, 3]));
    ws.ping(Buffer.from('are you there?'));
    // The handshake and open; the four frames, and our pong.
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(7);

    const direction = page.getByRole('combobox', { name: 'Direction' });
    const kind = page.getByRole('combobox', { name: 'Opcode kind' });
    const filter = page.getByRole('searchbox', { name: 'Filter' });

    await direction.selectOption('out');
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['→ pong 1 14 “are you there?”']);
    await direction.selectOption('in');
    await kind.selectOption('data');
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['← text 1 9 alpha one', '← text 1 8 Beta two', '← binary 1 3 01 02 03']);
    await kind.selectOption('control');
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['← ping 1 14 “are you there?”']);
    await direction.selectOption('all');
    await kind.selectOption('all');
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(7);

    await page.keyboard.press('Control+f');
    expect(await filter.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type('beta');
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['← text 1 8 Beta two']);
    await page.getByRole('button', { name: 'Match case' }).click();
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(0);
    await page.getByRole('button', { name: 'Match case' }).click();

    await page.getByRole('button', { name: 'Regular expression' }).click();
    await filter.fill('^(alpha|beta) \\w+$');
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['← text 1 9 alpha one', '← text 1 8 Beta two']);
    await filter.fill('there\\?|open');
    // The search looks at events' text too.
    await expect.poll(() => lines(page), { timeout: SEEN }).toEqual(['• open open', '← ping 1 14 “are you there?”', '→ pong 1 14 “are you there?”']);
    await filter.fill('(unclosed');
    await expect.poll(() => app.timeline.page().locator('#timeline-filter-error').innerText(), { timeout: SEEN }).toMatch(/^Not a regular expression: /);
    expect(await filter.getAttribute('aria-invalid')).toBe('true');
    await filter.fill('');
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(7);
  });
});

describe('the keyboard and the layout', () => {
  it('arrows select, Escape clears, End follows the newest row again', async () => {
    const page = await wsb.page({ viewport: { width: 1400, height: 700 } });
    const ws = await peerOfPage(page);
    for (let i = 0; i < 200; i++) ws.sendText(`message ${i}`);
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(202);
    const app = workbench(page);
    const last = app.timeline.getByRole('row').filter({ hasText: 'message 199' });
    await expect.poll(() => last.isVisible(), { timeout: SEEN }).toBe(true);

    await app.timeline.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('region', { name: 'Frame inspector' }).locator('h2').innerText(), { timeout: SEEN }).toBe('Opening handshake');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => inspectorField(page, 'Opcode').innerText(), { timeout: SEEN }).toBe('0x1 text');
    expect(await page.getByRole('region', { name: 'Frame inspector' }).locator('h2').innerText()).toBe('Frame 3');
    // Selecting paused auto-scroll: new rows arrive below, out of view.
    expect(await page.getByRole('button', { name: 'Pause auto-scroll' }).getAttribute('aria-pressed')).toBe('true');
    ws.sendText('message 200');
    await expect.poll(() => rowCount(page), { timeout: SEEN }).toBe(203);
    expect(await app.timeline.getByRole('row').filter({ hasText: 'message 200' }).count()).toBe(0);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('region', { name: 'Frame inspector' }).innerText(), { timeout: SEEN }).toMatch(/^Select a row/);
    await page.keyboard.press('End');
    await expect.poll(() => app.timeline.getByRole('row').filter({ hasText: 'message 200' }).isVisible(), { timeout: SEEN }).toBe(true);
    expect(await page.getByRole('button', { name: 'Pause auto-scroll' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('follows the system theme until the Theme button picks one, and keeps it', async () => {
    const context = await wsb.browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    try {
      await page.goto(wsb.url);
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      await expect.poll(theme, { timeout: SEEN }).toBe('dark');
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const dark = await background();
      await page.getByRole('button', { name: 'Theme' }).click();
      await expect.poll(theme, { timeout: SEEN }).toBe('light');
      expect(await background()).not.toBe(dark);
      await page.reload();
      await expect.poll(theme, { timeout: SEEN }).toBe('light');
    } finally {
      await context.close();
    }
  });

  it('resizes panes with the handles, by keyboard too', async () => {
    const page = await wsb.page();
    const handle = page.getByRole('separator', { name: 'Resize the inspector' });
    const width = () => page.getByRole('region', { name: 'Frame inspector' }).evaluate((element) => element.getBoundingClientRect().width);
    const before = await width();
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(width, { timeout: SEEN }).toBe(before + 16 + 64);
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(before + 80);
    const box = await page.getByRole('separator', { name: 'Resize the sidebar' }).boundingBox();
    if (!box) throw new Error('no sidebar handle');
    const sidebar = () => page.locator('.sidebar').evaluate((element) => element.getBoundingClientRect().width);
    const sidebarBefore = await sidebar();
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(sidebar, { timeout: SEEN }).toBeCloseTo(sidebarBefore + 60, -1);
  });
});
