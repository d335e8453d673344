// A local server told to misbehave (server.start `faults`, autoPong false): each
// misbehaviour is named in the server's timeline, and the app's own client session
// shows what it met, a bad handshake as one clear sentence (RFC 6455 §4.1).
import { describe, expect, it } from 'vitest';
import type { ServerStartRequest } from '../../shared/api';
import { apiOf, base64, decode, frames, lifecycle, startWorkbench, until } from './helpers';

async function serverWith(request: Omit<ServerStartRequest, 'port'>) {
  const workbench = startWorkbench();
  const call = apiOf(workbench);
  const server = await call('server.start', { port: 0, ...request });
  const notes = lifecycle(workbench.entries(server.id, 1, 100))
    .filter((entry) => entry.event === 'note')
    .map((entry) => entry.text);
  const connect = async (subprotocols?: string[]) => (await call('session.connect', { url: `${server.label}/`, subprotocols })).id;
  return { workbench, call, server, notes, connect };
}

describe('RFC 6455 §4.1: our client refuses each bad opening handshake with a clear message', () => {
  const cases: Array<[string, NonNullable<ServerStartRequest['faults']>, string, RegExp]> = [
    ['a wrong Sec-WebSocket-Accept', { wrongAccept: true }, 'answers with a wrong Sec-WebSocket-Accept', /^Sec-WebSocket-Accept mismatch: expected \S+=, got \S+=$/],
    ['a non-101 status', { status: 503 }, 'answers 503 instead of 101', /^server answered 503 Service Unavailable instead of 101 Switching Protocols$/],
    ['a subprotocol the client did not offer', { subprotocol: 'chat' }, 'selects the subprotocol "chat" whether offered or not', /^server selected subprotocol "chat" but the client offered none$/],
    ['an extension the client did not offer', { extension: 'x-custom' }, 'enables the extension "x-custom" whether offered or not', /^server enabled extension x-custom but the client offered none$/],
  ];

  it.each(cases)('%s', async (_name, faults, note, message) => {
    const { workbench, notes, connect } = await serverWith({ faults });
    expect(notes).toEqual([`misbehaving on purpose: ${note}`]);
    const client = await connect();
    await until(() => workbench.summary(client)?.state === 'closed', 'the client gives up');
    expect(workbench.summary(client)?.status).toMatch(message);
    const timeline = workbench.entries(client, 1, 100);
    expect(timeline.find((entry) => entry.kind === 'handshake')).toMatchObject({ record: { error: expect.stringMatching(message) } });
    expect(lifecycle(timeline).find((entry) => entry.event === 'error')?.text).toMatch(message);
    expect(lifecycle(timeline).find((entry) => entry.event === 'open')).toBeUndefined();
  });

  it('a subprotocol other than the one offered', async () => {
    const { workbench, connect } = await serverWith({ faults: { subprotocol: 'chat' } });
    const client = await connect(['json']);
    await until(() => workbench.summary(client)?.state === 'closed', 'the client gives up');
    expect(workbench.summary(client)?.status).toBe('server selected subprotocol "chat", which the client did not offer (offered: json)');
  });
});

describe('misbehaviour on the wire', () => {
  it('frames written one byte at a time still decode', async () => {
    const { workbench, call, notes, connect } = await serverWith({ faults: { byteByByte: true } });
    expect(notes).toEqual(['misbehaving on purpose: writes frames one byte at a time']);
    const client = await connect();
    await until(() => workbench.summary(client)?.state === 'open', 'open');
    await call('session.sendMessage', { sessionId: client, kind: 'text', data: base64('one byte at a time') });
    await until(() => frames(workbench.entries(client, 1, 100)).some((entry) => entry.direction === 'in'), 'the echo');
    const echo = frames(workbench.entries(client, 1, 100)).find((entry) => entry.direction === 'in');
    expect(decode(echo?.preview ?? '')).toBe('one byte at a time');
  });

  it('a write delay holds every frame back', async () => {
    const { workbench, call, notes, connect } = await serverWith({ faults: { writeDelayMs: 150 } });
    expect(notes).toEqual(['misbehaving on purpose: waits 150 ms before each frame']);
    const client = await connect();
    await until(() => workbench.summary(client)?.state === 'open', 'open');
    await call('session.sendMessage', { sessionId: client, kind: 'text', data: base64('late') });
    await until(() => frames(workbench.entries(client, 1, 100)).some((entry) => entry.direction === 'in'), 'the echo');
    const [sent, echo] = frames(workbench.entries(client, 1, 100));
    expect((echo.time - sent.time) / 1000).toBeGreaterThanOrEqual(140);
  });

  it('unsolicited pongs appear in the client’s timeline (RFC 6455 §5.5.3)', async () => {
    const { workbench, notes, connect } = await serverWith({ faults: { unsolicitedPongMs: 30 } });
    expect(notes).toEqual(['misbehaving on purpose: sends an unsolicited pong every 30 ms']);
    const client = await connect();
    await until(() => frames(workbench.entries(client, 1, 100)).filter((entry) => entry.opcode === 0xa).length >= 2, 'two pongs');
    const pong = frames(workbench.entries(client, 1, 100)).find((entry) => entry.opcode === 0xa);
    expect(pong).toMatchObject({ direction: 'in', preview: base64('unsolicited') });
    expect(pong?.rttMs).toBeUndefined();
    expect(workbench.summary(client)?.state).toBe('open');
  });

  it('a dropped TCP connection, without a Close frame, closes the client with 1006', async () => {
    const { workbench, notes, connect } = await serverWith({ faults: { dropAfterMs: 50 } });
    expect(notes).toEqual(['misbehaving on purpose: drops TCP without a Close frame 50 ms after the handshake']);
    const client = await connect();
    await until(() => workbench.summary(client)?.state === 'closed', 'closed');
    expect(lifecycle(workbench.entries(client, 1, 100)).find((entry) => entry.event === 'close')).toMatchObject({ closeCode: 1006, wasClean: false });
    expect(frames(workbench.entries(client, 1, 100)).filter((entry) => entry.direction === 'in')).toEqual([]);
  });

  it('a server that never answers pings', async () => {
    const { workbench, call, notes, connect } = await serverWith({ autoPong: false });
    expect(notes).toEqual(['misbehaving on purpose: never answers pings']);
    const client = await connect();
    await until(() => workbench.summary(client)?.state === 'open', 'open');
    await call('session.ping', { sessionId: client, payload: base64('anyone?') });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(frames(workbench.entries(client, 1, 100)).map((entry) => [entry.direction, entry.opcode])).toEqual([['out', 0x9]]);
  });

  it('names every fault at once, one note each', async () => {
    const { notes } = await serverWith({ autoPong: false, faults: { wrongAccept: true, byteByByte: true, writeDelayMs: 5, unsolicitedPongMs: 1000, dropAfterMs: 0 } });
    expect(notes).toEqual([
      'misbehaving on purpose: answers with a wrong Sec-WebSocket-Accept',
      'misbehaving on purpose: writes frames one byte at a time',
      'misbehaving on purpose: waits 5 ms before each frame',
      'misbehaving on purpose: sends an unsolicited pong every 1000 ms',
      'misbehaving on purpose: drops TCP without a Close frame 0 ms after the handshake',
      'misbehaving on purpose: never answers pings',
    ]);
  });
});
