// The frame crafter through the API (session.sendFrames, session.sendRawBytes): every field
// reaches the wire exactly as described, asserted on the bytes a raw TCP peer received,
// from a client connection and from a server to one of its clients alike.
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/api';
import { defaultCraftedFrame, type CraftedFrame } from '../../shared/crafted-frame';
import type { Workbench } from '../../electron/services/workbench';
import { apiOf, base64, frames, lifecycle, startWorkbench, until } from './helpers';
import { rawClient, rawServer, type WireRecorder } from './raw-wire';

type Side = 'client' | 'server-client';

/** A crafting session of `side`, open, and the raw peer at the other end of it. */
async function craftingSession(side: Side): Promise<{ workbench: Workbench; call: ReturnType<typeof apiOf>; sessionId: string; wire: WireRecorder }> {
  const workbench = startWorkbench();
  const call = apiOf(workbench);
  let session: SessionSummary | undefined;
  let wire: WireRecorder;
  if (side === 'client') {
    const server = await rawServer();
    session = await call('session.connect', { url: server.url });
    wire = await server.next();
  } else {
    const server = await call('server.start', { port: 0, echo: false });
    wire = await rawClient(server.label);
    await until(() => (session = workbench.sessions.list().find((s) => s.kind === 'server-client' && s.state === 'open')) !== undefined, "the server's client");
  }
  const sessionId = session!.id;
  await until(() => workbench.summary(sessionId)?.state === 'open', 'open');
  return { workbench, call, sessionId, wire };
}

const frame = (fields: Partial<CraftedFrame>): CraftedFrame => ({ ...defaultCraftedFrame(), payload: base64('hi'), mask: { key: '01020304' }, ...fields });

/** Wait a moment more: nothing may follow the expected bytes. */
async function exactly(wire: WireRecorder, hex: string): Promise<void> {
  await wire.take(hex.length / 2);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(wire.bytes.toString('hex')).toBe(hex);
}

// "hi" is 68 69; masked with 01 02 03 04 (§5.3) it is 69 6b.
const FIELDS: Array<[string, CraftedFrame, string]> = [
  ['FIN clear', frame({ fin: false }), '0182' + '01020304' + '696b'],
  ['RSV1, RSV2 and RSV3 set', frame({ rsv1: true, rsv2: true, rsv3: true, opcode: 0x2 }), 'f282' + '01020304' + '696b'],
  ['a reserved opcode', frame({ opcode: 0xb }), '8b82' + '01020304' + '696b'],
  ['no mask at all', frame({ mask: 'none' }), '8102' + '6869'],
  ['another masking key', frame({ mask: { key: 'ffffffff' } }), '8182' + 'ffffffff' + '9796'],
  ['the 16-bit length form for 2 bytes', frame({ length: { form: 16 } }), '81fe0002' + '01020304' + '696b'],
  ['the 64-bit length form for 2 bytes', frame({ length: { form: 64 } }), '81ff0000000000000002' + '01020304' + '696b'],
  ['a 7-bit length that lies', frame({ length: { form: 7, value: '100' } }), '81e4' + '01020304' + '696b'],
  ['a 64-bit length with its top bit set', frame({ length: { form: 64, value: '9223372036854775813' } }), '81ff8000000000000005' + '01020304' + '696b'],
  ['an empty payload', frame({ payload: '' }), '8180' + '01020304'],
  ['a 126-byte payload, in the 16-bit form', frame({ mask: 'none', opcode: 0x2, payload: Buffer.alloc(126, 0x2a).toString('base64') }), '827e007e' + '2a'.repeat(126)],
];

describe.each<Side>(['client', 'server-client'])('RFC 6455 §5.2: crafted fields reach the wire exactly, from a %s session', (side) => {
  it.each(FIELDS)('%s', async (_name, crafted, hex) => {
    const { workbench, call, sessionId, wire } = await craftingSession(side);
    expect(await call('session.sendFrames', { sessionId, steps: [{ frame: crafted }] })).toEqual({ frames: 1 });
    await exactly(wire, hex);
    const sent = frames(workbench.entries(sessionId, 1, 100)).filter((entry) => entry.direction === 'out');
    expect(sent).toHaveLength(1);
    expect(sent[0].crafted).toBe(true);
    expect(hex.startsWith(sent[0].header)).toBe(true);
  });

  it("masks with the role's rule: a fresh key from a client, none from a server (§5.1)", async () => {
    const { workbench, call, sessionId, wire } = await craftingSession(side);
    await call('session.sendFrames', { sessionId, steps: [{ frame: frame({ mask: 'role' }) }] });
    const [sent] = frames(workbench.entries(sessionId, 1, 100)).filter((entry) => entry.direction === 'out');
    if (side === 'server-client') {
      await exactly(wire, '8102' + '6869');
      expect(sent).toMatchObject({ masked: false, maskKey: null });
      return;
    }
    const bytes = await wire.take(8);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('8182');
    expect(sent.maskKey).toBe(bytes.subarray(2, 6).toString('hex'));
    const key = bytes.subarray(2, 6);
    expect(Buffer.from(bytes.subarray(6).map((byte, i) => byte ^ key[i])).toString()).toBe('hi');
  });

  it('sends a sequence in order, each frame after its delay', async () => {
    const { workbench, call, sessionId, wire } = await craftingSession(side);
    const unmasked = (text: string): CraftedFrame => frame({ mask: 'none', payload: base64(text) });
    const steps = [{ frame: unmasked('one') }, { frame: unmasked('two'), delayMs: 120 }, { frame: unmasked('three'), delayMs: 120 }];
    expect(await call('session.sendFrames', { sessionId, steps })).toEqual({ frames: 3 });
    await exactly(wire, '8103' + Buffer.from('one').toString('hex') + '8103' + Buffer.from('two').toString('hex') + '8105' + Buffer.from('three').toString('hex'));
    expect(wire.arrivalOf(5) - wire.arrivalOf(0)).toBeGreaterThanOrEqual(110);
    expect(wire.arrivalOf(10) - wire.arrivalOf(5)).toBeGreaterThanOrEqual(110);
    const sent = frames(workbench.entries(sessionId, 1, 100)).filter((entry) => entry.direction === 'out');
    expect(sent.map((entry) => Buffer.from(entry.preview, 'base64').toString())).toEqual(['one', 'two', 'three']);
    expect((sent[1].time - sent[0].time) / 1000).toBeGreaterThanOrEqual(115);
    expect((sent[2].time - sent[1].time) / 1000).toBeGreaterThanOrEqual(115);
  });

  it('writes raw bytes straight to the socket, and notes them in the timeline', async () => {
    const { workbench, call, sessionId, wire } = await craftingSession(side);
    expect(await call('session.sendRawBytes', { sessionId, data: Buffer.from('deadbeef00', 'hex').toString('base64') })).toEqual({ bytes: 5 });
    await exactly(wire, 'deadbeef00');
    expect(lifecycle(workbench.entries(sessionId, 1, 100)).at(-1)?.text).toBe('wrote 5 raw bytes: de ad be ef 00');
  });

  it('refuses a whole sequence, sending nothing, when one step cannot be encoded', async () => {
    const { call, sessionId, wire } = await craftingSession(side);
    const tooLong = frame({ payload: Buffer.alloc(200).toString('base64'), length: { form: 7 } });
    await expect(call('session.sendFrames', { sessionId, steps: [{ frame: frame({}) }, { frame: tooLong }] })).rejects.toThrow(
      'cannot encode frame 2 of 2: a length of 200 does not fit the 7-bit form',
    );
    await expect(call('session.sendFrames', { sessionId, steps: [{ frame: tooLong }] })).rejects.toThrow('cannot encode this frame: a length of 200 does not fit the 7-bit form');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wire.bytes.length).toBe(0);
  });
});

describe('crafting needs an open connection', () => {
  it('refuses a closed session and a server with one sentence each', async () => {
    const workbench = startWorkbench();
    const call = apiOf(workbench);
    const server = await call('server.start', { port: 0 });
    const client = await call('session.connect', { url: `${server.label}/` });
    await until(() => workbench.summary(client.id)?.state === 'open', 'open');
    await call('session.terminate', { sessionId: client.id });
    await until(() => workbench.summary(client.id)?.state === 'closed', 'closed');
    const steps = [{ frame: defaultCraftedFrame() }];
    await expect(call('session.sendFrames', { sessionId: client.id, steps })).rejects.toThrow(`${client.id} is not open (closed)`);
    await expect(call('session.sendRawBytes', { sessionId: client.id, data: base64('x') })).rejects.toThrow(`${client.id} is not open (closed)`);
    await expect(call('session.sendFrames', { sessionId: server.id, steps })).rejects.toThrow(`${server.id} is a server: send to one of its clients, or broadcast to all`);
  });

  it('stops a sequence whose connection closes between steps, saying how far it got', async () => {
    const { workbench, call, sessionId } = await craftingSession('client');
    const run = call('session.sendFrames', { sessionId, steps: [{ frame: frame({}) }, { frame: frame({}), delayMs: 200 }] });
    await until(() => frames(workbench.entries(sessionId, 1, 100)).length === 1, 'the first frame');
    await call('session.terminate', { sessionId });
    await expect(run).rejects.toThrow('the connection closed after 1 of 2 frames');
  });
});
