import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFrameSpec } from '../../electron/protocol/crafted';
import { randomMaskKey } from '../../electron/protocol/mask-source';
import { VIOLATIONS } from '../../shared/violations';
import { startClient, startServer, waitFor } from './helpers';
import { killAllWsb, startWsb, type WsbProcess } from './wsb-process';

// Each classic violation in the crafter's library, committed by our own endpoint, draws the
// reaction RFC 6455 asks for from our own peer: both sides proven at once.

describe('violations a client commits, against `wsb serve --echo`', () => {
  let url: string;
  beforeAll(async () => {
    const wsb: WsbProcess = startWsb('serve', '--port', '0', '--echo');
    const [, port] = await wsb.output(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    url = `ws://127.0.0.1:${port}/`;
  });
  afterAll(() => killAllWsb());

  it.each(VIOLATIONS.filter((v) => v.from !== 'server').map((v) => [v.name, v] as const))('%s ⇒ the server closes with the expected code', async (_name, violation) => {
    const ws = startClient(url);
    await waitFor(ws, 'open');
    for (const crafted of violation.frames) ws.sendRawFrame(toFrameSpec(crafted, 'client', randomMaskKey));
    const [event] = await waitFor(ws, 'close');
    expect(event).toMatchObject({ code: violation.expectedClose, initiatedBy: 'remote', wasClean: true });
  });
});

describe('violations a server commits, against our client', () => {
  it.each(VIOLATIONS.filter((v) => v.from !== 'client').map((v) => [v.name, v] as const))('%s ⇒ the client fails with the expected code', async (_name, violation) => {
    const { server, url } = await startServer();
    server.on('connection', (ws) => {
      for (const crafted of violation.frames) ws.sendRawFrame(toFrameSpec(crafted, 'server', randomMaskKey));
    });
    const client = startClient(url);
    const failure = waitFor(client, 'failure');
    const [event] = await waitFor(client, 'close');
    expect(event).toMatchObject({ code: violation.expectedClose, initiatedBy: 'local' });
    const [error] = await failure;
    expect((error as Error & { closeCode?: number }).closeCode).toBe(violation.expectedClose);
  });
});
