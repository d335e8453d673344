// The inspector as a user reads it (RFC 6455 §5.2, §5.5.1, §4.2.2): a frame's decoded
// header with each field labelled, its wire bytes with field and bytes selecting each
// other, the payload four ways, a close frame's code and reason, and the handshake's
// accept check spelled out.
import net from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HOST, SEEN, useWorkbench } from './harness';
import { peerOfPage, utf8 } from './peer';
import { workbench } from './workbench-ui';

const wsb = useWorkbench();

function inspector(page: Page) {
  const region = page.getByRole('region', { name: 'Frame inspector' });
  const bytes = region.getByRole('grid', { name: 'Frame bytes' });
  return {
    region,
    field: (name: string) => region.getByLabel(name, { exact: true }),
    /** The tree item of a field, whose aria-selected says it is chosen. */
    item: (name: string) => region.getByRole('treeitem').filter({ has: page.getByText(name, { exact: true }) }).first(),
    bytes,
    byte: (offset: number) => bytes.locator(`[role=gridcell][data-offset="${offset}"]`),
    highlighted: () => bytes.locator('[role=gridcell][aria-selected=true]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-offset')))),
  };
}

/** Click the timeline row whose preview reads `text`. */
async function selectRow(page: Page, text: string | RegExp): Promise<void> {
  const row = workbench(page).timeline.getByRole('row').filter({ has: page.getByRole('gridcell').filter({ hasText: text }) });
  await row.first().locator('.c-preview').click({ timeout: SEEN });
}

describe('a frame, three ways (§5.2)', () => {
  it('labels every header field, and a field and its bytes select each other', async () => {
    const page = await wsb.page();
    const ws = await peerOfPage(page);
    ws.sendText('Hello');
    await selectRow(page, 'Hello');
    const ui = inspector(page);

    await expect.poll(() => ui.field('Opcode').innerText(), { timeout: SEEN }).toBe('0x1 text');
    expect(await ui.field('FIN').innerText()).toBe('1 (final fragment)');
    for (const rsv of ['RSV1', 'RSV2', 'RSV3']) expect(await ui.field(rsv).innerText()).toBe('0');
    expect(await ui.field('Mask').innerText()).toBe('1 (masked)');
    expect(await ui.field('Payload length').innerText()).toBe('5 (7-bit form)');
    const key = await ui.field('Masking key').innerText();
    expect(key).toMatch(/^0x[0-9a-f]{8}$/);

    // The wire bytes: 0x81 (FIN, text), 0x85 (MASK, length 5), the key, "Hello" masked with it (§5.3).
    const cells = await ui.bytes.locator('[role=gridcell][data-offset]').allInnerTexts();
    const keyBytes = Buffer.from(key.slice(2), 'hex');
    const masked = [...utf8('Hello')].map((byte, i) => (byte ^ keyBytes[i % 4]).toString(16).padStart(2, '0'));
    expect(cells).toEqual(['81', '85', ...key.slice(2).match(/../g)!, ...masked]);

    // A field highlights its bytes…
    await ui.item('Masking key').click();
    await expect.poll(ui.highlighted, { timeout: SEEN }).toEqual([2, 3, 4, 5]);
    expect(await ui.region.locator('.field-explanation').innerText()).toMatch(/^Masking key RFC 6455 §5\.3 — A 32-bit value chosen at random for every frame\./);
    await ui.item('Payload').click();
    await expect.poll(ui.highlighted, { timeout: SEEN }).toEqual([6, 7, 8, 9, 10]);

    // …and a byte selects its field: byte 0 holds FIN, RSV1-3 and the opcode, one click each.
    await ui.byte(0).click();
    await expect.poll(() => ui.item('FIN').getAttribute('aria-selected'), { timeout: SEEN }).toBe('true');
    expect(await ui.highlighted()).toEqual([0]);
    await ui.byte(0).click();
    await expect.poll(() => ui.item('RSV1').getAttribute('aria-selected'), { timeout: SEEN }).toBe('true');
    await ui.byte(3).click();
    await expect.poll(() => ui.item('Masking key').getAttribute('aria-selected'), { timeout: SEEN }).toBe('true');
    await ui.byte(8).click();
    await expect.poll(() => ui.item('Payload').getAttribute('aria-selected'), { timeout: SEEN }).toBe('true');
    expect(await ui.item('FIN').getAttribute('aria-selected')).toBe('false');

    // The payload as text, hex and base64.
    const views = ui.region.getByRole('tablist', { name: 'Payload view' });
    const panel = ui.region.getByRole('tabpanel');
    expect(await panel.innerText()).toBe('Hello');
    await views.getByRole('tab', { name: 'Base64' }).click();
    await expect.poll(() => panel.innerText(), { timeout: SEEN }).toBe('SGVsbG8=');
    await views.getByRole('tab', { name: 'Hex' }).click();
    await expect.poll(() => panel.getByRole('grid', { name: 'Payload bytes' }).locator('[role=gridcell][data-offset]').allInnerTexts(), { timeout: SEEN }).toEqual(['48', '65', '6c', '6c', '6f']);
    await views.getByRole('tab', { name: 'Text' }).click();
  });

  it('says how the length was written, and loads a payload larger than the preview on demand', async () => {
    const page = await wsb.page();
    const ws = await peerOfPage(page);
    ws.sendBinary(Buffer.alloc(300, 0xab));
    ws.sendBinary(Buffer.alloc(70_000, 0xcd));
    const ui = inspector(page);

    await selectRow(page, /^ab ab ab/);
    await expect.poll(() => ui.field('Payload length').innerText(), { timeout: SEEN }).toBe('300 (16-bit form: 126, then 2 bytes)');
    await ui.item('Payload length').click();
    await expect.poll(ui.highlighted, { timeout: SEEN }).toEqual([1, 2, 3]);

    await selectRow(page, /^cd cd cd/);
    await expect.poll(() => ui.field('Payload length').innerText(), { timeout: SEEN }).toBe('70,000 (64-bit form: 127, then 8 bytes)');
    await ui.item('Payload length').click();
    await expect.poll(ui.highlighted, { timeout: SEEN }).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const status = ui.region.locator('.payload-status');
    expect(await status.innerText()).toMatch(/^Showing 1,024 of 70,000 bytes of this frame's payload\.\s*Load all \(68\.4 KiB\)$/);
    await status.getByRole('button', { name: /^Load all/ }).click();
    await expect.poll(() => status.count(), { timeout: SEEN }).toBe(0);
    // 14 header bytes and 70,000 payload bytes, sixteen a row.
    expect(await ui.bytes.getAttribute('aria-rowcount')).toBe(String(Math.ceil(70_014 / 16)));
  });
});

describe('control frames and the handshake', () => {
  it('a close frame: its code, the code’s name and meaning, and the reason (§5.5.1, §7.4)', async () => {
    const page = await wsb.page();
    const ws = await peerOfPage(page);
    ws.close(4001, 'bye now');
    await selectRow(page, '4001 Private Use “bye now”');
    const ui = inspector(page);
    await expect.poll(() => ui.field('Opcode').innerText(), { timeout: SEEN }).toBe('0x8 close');
    expect(await ui.field('Close code').innerText()).toBe('4001 Private Use');
    expect(await ui.region.getByText('For private use by agreement between the endpoints (§7.4.2).').count()).toBe(1);
    expect(await ui.field('Reason').innerText()).toBe('"bye now"');
    await ui.item('Close code').click();
    await expect.poll(ui.highlighted, { timeout: SEEN }).toEqual([6, 7]);
  });

  it('the handshake: raw request and response, and the Sec-WebSocket-Accept check spelled out (§4.2.2)', async () => {
    const page = await wsb.page();
    await peerOfPage(page);
    await workbench(page).timeline.getByRole('row').filter({ hasText: 'handshake' }).first().click();
    const { region } = inspector(page);
    const field = (name: string) => region.getByLabel(name, { exact: true });
    await expect.poll(() => field('Result').innerText(), { timeout: SEEN }).toBe('✓ match');
    const key = await field('Key').innerText();
    // RFC 6455 §4.2.2: base64(SHA-1(key + GUID)).
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    expect(await field('Expected accept').innerText()).toBe(expected);
    expect(await field('Received accept').innerText()).toBe(expected);
    expect(await region.locator('pre').first().innerText()).toMatch(/^GET \/ HTTP\/1\.1\n/);
    expect(await region.locator('pre').nth(1).innerText()).toMatch(/^HTTP\/1\.1 101 Switching Protocols\n[^]*Sec-WebSocket-Accept: /);
  });

  it('a wrong Sec-WebSocket-Accept: the check shows both values and ✗', async () => {
    const port = await wrongAcceptServer();
    const page = await wsb.page();
    const app = workbench(page);
    await app.url.fill(`ws://${HOST}:${port}/`);
    await app.connect.click();
    const handshake = app.timeline.getByRole('row').filter({ hasText: 'handshake' });
    await handshake.first().click({ timeout: SEEN });
    const field = (name: string) => inspector(page).region.getByLabel(name, { exact: true });
    await expect.poll(() => field('Result').innerText(), { timeout: SEEN }).toBe('✗ mismatch: the client must fail the connection');
    expect(await field('Received accept').innerText()).toBe('d3JvbmcgYWNjZXB0IGtleQ==');
    expect(await field('Expected accept').innerText()).not.toBe('d3JvbmcgYWNjZXB0IGtleQ==');
  });
});

/** A server that answers every upgrade with 101 and an accept value that is not the one §4.2.2 asks for. */
async function wrongAcceptServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('data', () =>
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: d3JvbmcgYWNjZXB0IGtleQ==\r\n\r\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}
