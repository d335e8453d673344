// The frame crafter end to end: Chromium drives `wsb web`, the page starts an echo server
// and connects to it, then puts crafted frames, classic violations, raw bytes and a
// sequence on the wire, from a client and from the server's side of a connection; the
// timeline marks them as crafted and shows what the peer did in response.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEEN, useWorkbench } from './harness';
import { clientsOf, connectTo, frames, startServer, workbench, type Workbench } from './workbench-ui';

const wsb = useWorkbench();

function crafterOf(app: Workbench) {
  const region = app.page.getByRole('region', { name: 'Frame crafter' });
  return {
    region,
    payload: region.getByRole('textbox', { name: 'Payload', exact: true }),
    maskingKey: region.getByRole('textbox', { name: 'Masking key' }),
    /** The previewed bytes as hex, from the hex dump's cells (the last cell of a row is its ASCII). */
    bytes: () =>
      region
        .getByRole('grid', { name: 'Frame bytes' })
        .getByRole('row')
        .evaluateAll((rows) => rows.flatMap((row) => Array.from(row.querySelectorAll('[role=gridcell]'), (cell) => cell.textContent ?? '').slice(0, -1)).join(' ')),
    send: region.getByRole('button', { name: 'Send frame' }),
    violation: (name: string) => region.getByRole('button', { name, exact: true }),
  };
}

/** A page connected to an echo server it started itself; the server's URL. */
async function connectedPage(): Promise<{ app: Workbench; serverUrl: string }> {
  const page: Page = await wsb.page();
  const app = workbench(page);
  const serverUrl = await startServer(app);
  await connectTo(app, `${serverUrl}/`);
  return { app, serverUrl };
}

/** The sent rows the timeline marks as crafted. */
const craftedRows = (app: Workbench) => app.timeline.getByRole('row').filter({ has: app.page.locator('.tl-note', { hasText: /^crafted$/ }) });

describe('a crafted frame goes to the wire exactly as previewed', () => {
  it('§5.7: a masked "Hello" with a chosen key, marked crafted, and the echo that answers it', async () => {
    const { app } = await connectedPage();
    const crafter = crafterOf(app);
    await crafter.payload.fill('Hello');
    await crafter.maskingKey.fill('37fa213d');
    await expect.poll(() => crafter.bytes(), { timeout: SEEN }).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await crafter.send.click();
    // The preview cell ends with the row's notes: "crafted".
    await expect.poll(() => frames(app.timeline, '→'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=1 5 B Hellocrafted']);
    expect(await craftedRows(app).count()).toBe(1);
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=0 5 B Hello']);
    expect(await app.alert.count()).toBe(0);
  });

  it('raw bytes go to the socket as typed: the same frame, written by hand', async () => {
    const { app } = await connectedPage();
    await crafterOf(app).region.getByRole('textbox', { name: 'Raw bytes' }).fill('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await crafterOf(app).region.getByRole('button', { name: 'Send bytes' }).click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=0 5 B Hello']);
  });

  it('a sequence goes out as one run, each frame after its delay', async () => {
    const { app } = await connectedPage();
    const crafter = crafterOf(app);
    for (const text of ['one', 'two']) {
      await crafter.payload.fill(text);
      await crafter.region.getByRole('button', { name: 'Add to sequence' }).click();
    }
    await crafter.region.getByRole('textbox', { name: 'Delay before frame 2' }).fill('300');
    await crafter.region.getByRole('button', { name: 'Send sequence', exact: true }).click();
    await expect.poll(() => craftedRows(app).count(), { timeout: SEEN }).toBe(2);
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toEqual(['text fin=1 rsv=000 mask=0 3 B one', 'text fin=1 rsv=000 mask=0 3 B two']);
  });
});

describe('the classic violations, and what a conforming peer does', () => {
  it('§5.1: an unmasked client frame makes the server fail the connection with 1002', async () => {
    const { app } = await connectedPage();
    const crafter = crafterOf(app);
    expect(await crafter.violation('Masked server frame').isDisabled()).toBe(true);
    await crafter.violation('Unmasked client frame').click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/1002/);
    await expect.poll(() => crafter.region.getByText(/^Sent “Unmasked client frame”: expect the server fails the connection with 1002\./).count(), { timeout: SEEN }).toBe(1);
    await expect.poll(() => craftedRows(app).count(), { timeout: SEEN }).toBe(1);
  });

  it('§5.5: a control frame over 125 bytes makes the server fail the connection with 1002', async () => {
    const { app } = await connectedPage();
    await crafterOf(app).violation('Control frame over 125 bytes').click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/1002/);
  });

  it('§8.1: invalid UTF-8 in a text frame makes the server fail the connection with 1007', async () => {
    const { app } = await connectedPage();
    await crafterOf(app).violation('Invalid UTF-8 in text').click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/1007/);
  });

  it('§5.1, from the server\'s side of a connection: a masked server frame makes our client fail it with 1002', async () => {
    const { app, serverUrl } = await connectedPage();
    // The server's side of our connection: the one client under the server we started.
    const client = clientsOf(app, serverUrl);
    await expect.poll(() => client.count(), { timeout: SEEN }).toBe(1);
    await client.locator('> div').click();
    const crafter = crafterOf(app);
    await expect.poll(() => crafter.violation('Unmasked client frame').isDisabled(), { timeout: SEEN }).toBe(true);
    await crafter.violation('Masked server frame').click();
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/1002/);
    await expect.poll(() => craftedRows(app).count(), { timeout: SEEN }).toBe(1);
  });
});
