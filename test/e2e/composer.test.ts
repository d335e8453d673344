// The composer end to end: Chromium drives `wsb web`, the page starts an echo server and
// connects to it, then sends text, JSON, binary, a message in three fragments, a ping
// with a payload and a Close with a chosen code; the timeline shows each frame as it was
// on the wire.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEEN, useWorkbench } from './harness';
import { connectTo, expandMessages, frames, startServer, workbench, type Workbench } from './workbench-ui';

const wsb = useWorkbench();

/** A page connected to an echo server it started itself. */
async function connectedPage(): Promise<Workbench> {
  const page: Page = await wsb.page();
  const app = workbench(page);
  await connectTo(app, `${await startServer(app)}/`);
  return app;
}

describe('composing messages', () => {
  it('sends text, JSON and binary, and each comes back from the echo server', async () => {
    const app = await connectedPage();
    await app.message.fill('héllo');
    await expect.poll(() => app.composer.getByText('6 bytes').count(), { timeout: SEEN }).toBe(1);
    await app.send.click();

    await app.mode('JSON').click();
    await app.message.fill('{"op": "sub" "id": 7}');
    await expect.poll(() => app.composer.getByRole('note').innerText(), { timeout: SEEN }).toBe('Invalid JSON at line 1, column 14: expected \',\' or \'}\', found "\\"".');
    expect(await app.send.isDisabled()).toBe(true);
    await app.message.fill('{"op":"sub","id":7}');
    await app.composer.getByRole('button', { name: 'Pretty-print' }).click();
    expect(await app.message.inputValue()).toBe('{\n  "op": "sub",\n  "id": 7\n}');
    await app.send.click();

    await app.mode('Binary').click();
    await app.message.fill('de ad\nbe ef');
    await app.message.press('Control+Enter');

    await expect
      .poll(() => frames(app.timeline, '←'), { timeout: SEEN })
      .toEqual(['text fin=1 rsv=000 mask=0 6 B héllo', 'text fin=1 rsv=000 mask=0 28 B {␊  "op": "sub",␊  "id": 7␊}', 'binary fin=1 rsv=000 mask=0 4 B de ad be ef']);
    expect(await frames(app.timeline, '→')).toEqual(['text fin=1 rsv=000 mask=1 6 B héllo', 'text fin=1 rsv=000 mask=1 28 B {␊  "op": "sub",␊  "id": 7␊}', 'binary fin=1 rsv=000 mask=1 4 B de ad be ef']);
    expect(await app.alert.count()).toBe(0);
  });

  it('sends a message as 3 fragments: FIN=0 on all but the last, continuations after the first', async () => {
    const app = await connectedPage();
    await app.message.fill('fragmented text');
    await app.fragments.fill('3');
    await expect.poll(() => app.composer.getByText('in 3 frames: 5 + 5 + 5').count(), { timeout: SEEN }).toBe(1);
    await app.composer.getByRole('checkbox', { name: 'Ping between fragments' }).check();
    await app.send.click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toContain('text fin=1 rsv=000 mask=0 15 B fragmented text');
    await expandMessages(app.timeline);
    expect(await frames(app.timeline, '→')).toEqual([
      'text fin=0 rsv=000 mask=1 5 B fragm',
      'ping fin=1 rsv=000 mask=1 0 B',
      'continuation fin=0 rsv=000 mask=1 5 B ented',
      'ping fin=1 rsv=000 mask=1 0 B',
      'continuation fin=1 rsv=000 mask=1 5 B text',
    ]);
    // The echo server answered each ping, then echoed the message whole.
    const pong = expect.stringMatching(/^pong fin=1 rsv=000 mask=0 0 B/);
    expect(await frames(app.timeline, '←')).toEqual([pong, pong, 'text fin=1 rsv=000 mask=0 15 B fragmented text']);
  });

  it('pings with a payload and closes with a chosen code and reason', async () => {
    const app = await connectedPage();
    await app.composer.getByRole('textbox', { name: 'Ping payload' }).fill('are you there?');
    await app.ping.click();
    await expect.poll(() => frames(app.timeline, '←'), { timeout: SEEN }).toContainEqual(expect.stringMatching(/^pong fin=1 rsv=000 mask=0 14 B “are you there\?”/));

    await app.composer.getByRole('combobox', { name: 'Close code name' }).selectOption({ label: '1008 Policy Violation' });
    await app.composer.getByRole('textbox', { name: 'Close reason' }).fill('not allowed');
    await app.close.click();
    // The echo server answers with the same code (RFC 6455 §5.5.1) and no reason.
    await expect.poll(() => app.status.innerText(), { timeout: SEEN }).toMatch(/ — closed 1008 Policy Violation \(clean\)$/);
    // The status can change a moment before the timeline draws the rows.
    await expect.poll(async () => (await frames(app.timeline, '→')).at(-1), { timeout: SEEN }).toBe('close fin=1 rsv=000 mask=1 13 B 1008 Policy Violation “not allowed”');
    await expect.poll(async () => (await frames(app.timeline, '←')).at(-1), { timeout: SEEN }).toBe('close fin=1 rsv=000 mask=0 2 B 1008 Policy Violation');
  });

  it('refuses a close code that may not be sent, in one sentence, and stays connected', async () => {
    const app = await connectedPage();
    await app.composer.getByRole('textbox', { name: 'Close code' }).fill('1006');
    await app.close.click();
    await expect.poll(() => app.alert.innerText(), { timeout: SEEN }).toBe('1006 Abnormal Closure is only reported locally (RFC 6455 §7.4): use 1000-1003, 1007-1014, or 3000-4999.\n×');
    expect(await app.status.innerText()).toMatch(/ — open$/);
  });
});
