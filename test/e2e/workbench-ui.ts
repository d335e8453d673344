// The workbench page as the connection, composer and server tests drive it: its controls
// by role and accessible name, and the few steps most tests begin with.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SEEN } from './harness';

export function workbench(page: Page) {
  const composer = page.getByRole('region', { name: 'Composer' });
  const connection = page.getByRole('form', { name: 'Connection' });
  const serverPanel = page.getByRole('form', { name: 'Local server' });
  return {
    page,
    url: page.getByRole('textbox', { name: 'URL' }),
    connect: page.getByRole('button', { name: 'Connect', exact: true }),
    disconnect: page.getByRole('button', { name: 'Disconnect', exact: true }),
    options: connection.getByRole('button', { name: /^Options/ }),
    connectionOptions: page.getByRole('group', { name: 'Connection options' }),
    serverPanel,
    port: page.getByRole('textbox', { name: 'Port' }),
    startServer: page.getByRole('button', { name: 'Start server' }),
    stopServer: page.getByRole('button', { name: 'Stop server' }),
    listening: serverPanel.getByText(/^listening on wss?:\/\/127\.0\.0\.1:\d+$/),
    composer,
    message: page.getByRole('textbox', { name: 'Message', exact: true }),
    mode: (name: 'Text' | 'JSON' | 'Binary') => page.getByRole('radio', { name, exact: true }),
    fragments: page.getByRole('spinbutton', { name: 'Fragments' }),
    send: page.getByRole('button', { name: 'Send', exact: true }),
    ping: page.getByRole('button', { name: 'Ping', exact: true }),
    close: page.getByRole('button', { name: 'Close', exact: true }),
    sessions: page.getByRole('tree', { name: 'Sessions' }),
    timeline: page.getByRole('grid', { name: 'Timeline' }),
    status: page.getByRole('status'),
    alert: page.locator('[role=alert]').filter({ hasText: /./ }),
  };
}

export type Workbench = ReturnType<typeof workbench>;

/** Start a server from the panel on a free port; its URL. */
export async function startServer(app: Workbench): Promise<string> {
  await app.port.fill('0');
  await app.startServer.click();
  await app.listening.waitFor({ timeout: SEEN });
  return (await app.listening.innerText()).replace('listening on ', '');
}

/** The sidebar rows of the clients under the server listening on `url`. */
export function clientsOf(app: Workbench, url: string): Locator {
  const server = app.sessions.getByRole('treeitem', { level: 1 }).filter({ has: app.page.getByText(url, { exact: true }) });
  return server.getByRole('treeitem', { level: 2 });
}

/** Connect the URL box to `url` and wait until it is open. */
export async function connectTo(app: Workbench, url: string): Promise<void> {
  await app.url.fill(url);
  await app.connect.click();
  await app.disconnect.waitFor({ timeout: SEEN });
  await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — open$/);
}

/** The timeline's rows, each cell under its column's name ("Dir", "Opcode", "FIN", "Length", "Preview"…). */
export async function timelineRows(timeline: Locator): Promise<Record<string, string>[]> {
  return timeline.evaluate((grid) => {
    const headers = Array.from(grid.querySelectorAll('[role=columnheader]'), (header) => header.textContent?.trim() ?? '');
    return Array.from(grid.querySelectorAll('[role=row]'))
      .map((row) => Array.from(row.querySelectorAll('[role=gridcell]'), (cell) => cell.textContent?.trim() ?? ''))
      .filter((cells) => cells.length > 0)
      .map((cells) => Object.fromEntries(cells.map((text, i) => [headers[i], text])));
  });
}

/**
 * The frames that went `direction` (→ sent, ← received), one line each as the columns read:
 * "text fin=0 rsv=000 mask=1 5 B fragm". A fragmented message's own row is not a frame.
 */
export async function frames(timeline: Locator, direction: '→' | '←'): Promise<string[]> {
  return (await timelineRows(timeline))
    .filter((row) => row.Dir === direction && row.FIN !== '')
    .map((row) => `${row.Opcode} fin=${row.FIN} rsv=${row.RSV} mask=${row.MASK} ${row.Length} B ${row.Preview}`.trim());
}

/** Open every fragmented message in the timeline, as a user does: select its row and press →. */
export async function expandMessages(timeline: Locator): Promise<void> {
  const closed = timeline.locator('[role=row][aria-expanded=false]');
  for (let left = await closed.count(); left > 0; left = await closed.count()) {
    // The row's number: a click there selects it (one on the triangle would toggle it instead).
    await closed.first().getByRole('gridcell').first().click();
    await timeline.page().keyboard.press('ArrowRight');
    await expect.poll(() => closed.count(), { timeout: SEEN }).toBeLessThan(left);
  }
}
