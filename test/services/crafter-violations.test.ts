// Each violation in the crafter's library (shared/violations.ts), sent through the API
// between the workbench's own client and server sessions, draws the reaction RFC 6455
// asks for; the client session's timeline shows the crafted frame and that reaction.
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/api';
import { VIOLATIONS } from '../../shared/violations';
import { apiOf, frames, lifecycle, startWorkbench, until } from './helpers';

/** The app's own echo server, one client session connected to it, and the server's side of that connection. */
async function connectedPair() {
  const workbench = startWorkbench();
  const call = apiOf(workbench);
  const server = await call('server.start', { port: 0 });
  const client = await call('session.connect', { url: `${server.label}/` });
  let serverSide: SessionSummary | undefined;
  await until(() => (serverSide = workbench.sessions.list().find((s) => s.kind === 'server-client' && s.state === 'open')) !== undefined, "the server's side");
  await until(() => workbench.summary(client.id)?.state === 'open', 'open');
  const closeOf = async (sessionId: string) => {
    await until(() => workbench.summary(sessionId)?.state === 'closed', `${sessionId} closed`);
    return lifecycle(workbench.entries(sessionId, 1, 1000)).find((entry) => entry.event === 'close');
  };
  return { workbench, call, client: client.id, serverSide: serverSide!.id, closeOf };
}

describe('violations a client session commits, against the app’s own server', () => {
  it.each(VIOLATIONS.filter((v) => v.from !== 'server').map((v) => [v.name, v] as const))('%s ⇒ the server closes with the expected code', async (_name, violation) => {
    const { workbench, call, client, serverSide, closeOf } = await connectedPair();
    await call('session.sendFrames', { sessionId: client, steps: violation.frames.map((frame) => ({ frame })) });
    expect(await closeOf(client)).toMatchObject({ closeCode: violation.expectedClose, wasClean: true });
    const timeline = frames(workbench.entries(client, 1, 1000));
    expect(timeline.find((entry) => entry.direction === 'out')?.crafted).toBe(true);
    // What the peer did in response: its Close frame, carrying the code.
    const answer = timeline.find((entry) => entry.direction === 'in' && entry.opcode === 0x8);
    expect(Buffer.from(answer?.preview ?? '', 'base64').readUInt16BE(0)).toBe(violation.expectedClose);
    expect(await closeOf(serverSide)).toMatchObject({ closeCode: violation.expectedClose });
  });
});

describe('violations a server session commits, against the app’s own client', () => {
  it.each(VIOLATIONS.filter((v) => v.from !== 'client').map((v) => [v.name, v] as const))('%s ⇒ the client fails with the expected code', async (_name, violation) => {
    const { workbench, call, client, serverSide, closeOf } = await connectedPair();
    await call('session.sendFrames', { sessionId: serverSide, steps: violation.frames.map((frame) => ({ frame })) });
    expect(await closeOf(client)).toMatchObject({ closeCode: violation.expectedClose });
    expect(lifecycle(workbench.entries(client, 1, 1000)).some((entry) => entry.event === 'error')).toBe(true);
    expect(frames(workbench.entries(serverSide, 1, 1000)).find((entry) => entry.direction === 'out')?.crafted).toBe(true);
  });
});
