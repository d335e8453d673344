// A peer driven from outside the page, for the timeline and inspector tests: the page
// starts its local server, our own in-process client connects to it and puts frames on
// the wire exactly as a test wants them (fragments, close codes, length forms).
import type { Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { connect } from '../../electron/transport/client';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { SEEN } from './harness';
import { clientsOf, startServer, workbench } from './workbench-ui';

/** Start the page's server (echo off), connect a client to it, and show that client's timeline. */
export async function peerOfPage(page: Page): Promise<WsSocket> {
  const app = workbench(page);
  const echo = app.serverPanel.getByRole('checkbox', { name: 'Echo', exact: true });
  await echo.uncheck();
  const url = await startServer(app);
  const ws = connect(`${url}/`);
  onTestFinished(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('failure', reject);
  });
  const client = clientsOf(app, url).first();
  await client.waitFor({ timeout: SEEN });
  await client.locator('> div').click();
  // connecting, handshake, open (the header row too).
  await expect.poll(() => rowCount(page), { timeout: SEEN }).toBeGreaterThanOrEqual(2);
  return ws;
}

/** Rows the timeline says it has, the header row excluded. */
export async function rowCount(page: Page): Promise<number> {
  return Number(await page.getByRole('grid', { name: 'Timeline' }).getAttribute('aria-rowcount')) - 1;
}

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
