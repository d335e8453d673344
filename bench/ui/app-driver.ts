import type { Page } from 'playwright-core';

/** The app as a user drives it, by accessible names (the same ones the e2e tests use). */
export function appDriver(page: Page) {
  const timeline = page.getByRole('grid', { name: 'Timeline' });
  return {
    timeline,
    inspector: page.getByRole('region', { name: 'Frame inspector' }),
    filter: page.getByRole('searchbox', { name: 'Filter' }),

    /** Start the local server from the sidebar, echo off; its ws:// URL. */
    async startServer(): Promise<string> {
      await page.getByRole('textbox', { name: 'Port' }).fill('0');
      const echo = page.getByRole('checkbox', { name: 'Echo', exact: true });
      if (await echo.isChecked()) await echo.uncheck();
      await page.getByRole('button', { name: 'Start server' }).click();
      const listening = page.getByRole('form', { name: 'Local server' }).getByText(/^listening on ws:\/\/127\.0\.0\.1:\d+$/);
      await listening.waitFor({ timeout: 5_000 });
      return `${(await listening.innerText()).replace('listening on ', '')}/`;
    },

    /** Show the timeline of the server's first client. */
    async selectClient(): Promise<void> {
      await page.getByRole('tree', { name: 'Sessions' }).getByRole('treeitem', { level: 2 }).first().locator('> div').click();
    },

    /**
     * Rows in the timeline, the header row excluded. Read with a plain selector: a role
     * query computes accessible names, which forces a style and layout pass in the page
     * every time the benchmark looks.
     */
    async rowCount(): Promise<number> {
      return page.evaluate(() => Number(document.querySelector('[role=grid][aria-label=Timeline]')?.getAttribute('aria-rowcount') ?? 1) - 1);
    },
  };
}
