// @vitest-environment happy-dom
// The frame crafter as a user meets it: every header field of RFC 6455 §5.2 set by hand,
// the bytes previewed exactly, and what it asks the main process to put on the wire.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VIOLATIONS } from '../../shared/violations';
import { Crafter } from '../../renderer/features/crafter/Crafter';
import { fakeApi, renderWorkbench, session } from './render-workbench';

const client = session({ id: 'c1', kind: 'client', label: 'ws://127.0.0.1:9001/', state: 'open' });
const server = session({ id: 's1', kind: 'server', label: 'ws://127.0.0.1:9002', state: 'listening' });
const peer = session({ id: 'p1', kind: 'server-client', parentId: 's1', label: '127.0.0.1:50000', state: 'open' });
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Masking keys drawn in order: 01020304, then 05060708... so the previewed key is known. */
function predictableKeys() {
  let next = 1;
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    if (array instanceof Uint8Array) for (let i = 0; i < array.length; i++) array[i] = next++;
    return array;
  });
}

afterEach(() => vi.restoreAllMocks());

function setup(selected = 'c1') {
  const api = fakeApi({ 'session.sendFrames': ({ steps }) => ({ frames: steps.length }), 'session.sendRawBytes': ({ data }) => ({ bytes: Buffer.from(data, 'base64').length }) });
  const user = userEvent.setup();
  const { store } = renderWorkbench(Crafter, { api, sessions: [client, server, peer], selected });
  const crafter = within(screen.getByRole('region', { name: 'Frame crafter' }));
  const ui = {
    payload: crafter.getByRole('textbox', { name: 'Payload' }),
    maskingKey: crafter.getByRole('textbox', { name: 'Masking key' }),
    mask: crafter.getByRole('checkbox', { name: 'Mask' }),
    opcode: crafter.getByRole('combobox', { name: 'Opcode' }),
    lengthField: crafter.getByRole('combobox', { name: 'Length field' }),
    declaredLength: crafter.getByRole('textbox', { name: 'Declared length' }),
    /** The previewed bytes as hex, from the hex dump's cells (the last cell of a row is its ASCII). */
    bytes: () =>
      within(crafter.getByRole('grid', { name: 'Frame bytes' }))
        .getAllByRole('row')
        .flatMap((row) => within(row).getAllByRole('gridcell').slice(0, -1).map((cell) => cell.textContent))
        .join(' '),
    send: crafter.getByRole('button', { name: 'Send frame' }),
  };
  return { api, user, store, crafter, ui };
}

describe('RFC 6455 §5.2: every header field, previewed byte for byte', () => {
  it('§5.7: a masked "Hello" from a client, with the key given, is previewed and sent exactly', async () => {
    const { api, user, ui } = setup();
    await user.type(ui.payload, 'Hello');
    await user.type(ui.maskingKey, '37fa213d');
    expect(ui.bytes()).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await user.click(ui.send);
    expect(api.argsOf('session.sendFrames')).toEqual([
      { sessionId: 'c1', steps: [{ frame: { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, mask: { key: '37fa213d' }, payload: base64('Hello'), length: { form: 'auto' } }, delayMs: 0 }] },
    ]);
  });

  it('§5.7: from a server\'s client the same frame goes unmasked, by role', async () => {
    const { api, user, ui } = setup('p1');
    await user.type(ui.payload, 'Hello');
    expect(ui.mask).toHaveProperty('checked', false);
    expect(ui.maskingKey).toHaveProperty('disabled', true);
    expect(ui.bytes()).toBe('81 05 48 65 6c 6c 6f');
    await user.click(ui.send);
    expect(api.argsOf('session.sendFrames')[0]).toEqual({ sessionId: 'p1', steps: [{ frame: expect.objectContaining({ mask: 'none' }), delayMs: 0 }] });
  });

  it('§5.3: a random key is drawn before sending, so the bytes sent are the bytes shown; the next frame gets a new one', async () => {
    predictableKeys();
    const { api, user, ui } = setup();
    await user.type(ui.payload, 'Hi');
    expect(ui.bytes()).toBe('81 82 01 02 03 04 49 6b');
    await user.click(ui.send);
    expect(api.argsOf('session.sendFrames')[0].steps[0].frame.mask).toEqual({ key: '01020304' });
    expect(ui.bytes()).toBe('81 82 05 06 07 08 4d 6f');
  });

  it('sets FIN, RSV1-3, Mask and any opcode, the reserved ones marked', async () => {
    const { user, crafter, ui } = setup();
    expect(within(ui.opcode).getAllByRole('option').map((option) => option.textContent)).toEqual([
      '0x0 continuation', '0x1 text', '0x2 binary', '0x3 reserved (data)', '0x4 reserved (data)', '0x5 reserved (data)', '0x6 reserved (data)', '0x7 reserved (data)',
      '0x8 close', '0x9 ping', '0xa pong', '0xb reserved (control)', '0xc reserved (control)', '0xd reserved (control)', '0xe reserved (control)', '0xf reserved (control)',
    ]);
    await user.click(crafter.getByRole('checkbox', { name: 'FIN' }));
    for (const name of ['RSV1', 'RSV2', 'RSV3']) await user.click(crafter.getByRole('checkbox', { name }));
    await user.click(ui.mask);
    await user.selectOptions(ui.opcode, '0xb reserved (control)');
    await user.type(ui.payload, 'Hello');
    expect(ui.bytes()).toBe('7b 05 48 65 6c 6c 6f');
  });

  it('writes the length in a chosen form, minimal or not, and a length that lies', async () => {
    const { api, user, ui } = setup();
    await user.click(ui.mask);
    await user.type(ui.payload, 'Hello');
    await user.selectOptions(ui.lengthField, '16-bit');
    expect(ui.bytes()).toBe('81 7e 00 05 48 65 6c 6c 6f');
    await user.selectOptions(ui.lengthField, '64-bit');
    await user.type(ui.declaredLength, '18446744073709551615');
    expect(ui.bytes()).toBe('81 7f ff ff ff ff ff ff ff ff 48 65 6c 6c 6f');
    await user.click(ui.send);
    expect(api.argsOf('session.sendFrames')[0].steps[0].frame.length).toEqual({ form: 64, value: '18446744073709551615' });
  });

  it('refuses what a form cannot carry and a malformed key, in one sentence each, sending nothing', async () => {
    const { api, user, store, crafter, ui } = setup();
    await user.type(ui.payload, 'Hello');
    await user.selectOptions(ui.lengthField, '7-bit');
    await user.type(ui.declaredLength, '126');
    const refusal = 'A declared length of 126 does not fit the 7-bit length field (at most 125).';
    expect(crafter.getByText(refusal)).toBeTruthy();
    await user.click(ui.send);
    expect(store.getState().error).toBe(refusal);
    await user.clear(ui.declaredLength);
    await user.type(ui.maskingKey, 'xyz');
    await user.click(ui.send);
    expect(store.getState().error).toBe('The masking key is 4 bytes written as 8 hex digits, such as 37fa213d, not "xyz".');
    expect(api.argsOf('session.sendFrames')).toEqual([]);
  });

  it('keeps the payload\'s bytes when its format changes, and refuses bytes that are not text', async () => {
    const { user, store, crafter, ui } = setup();
    const format = crafter.getByRole('combobox', { name: 'Payload format' });
    await user.type(ui.payload, 'Hello');
    await user.selectOptions(format, 'Hex');
    expect(ui.payload).toHaveProperty('value', '48 65 6c 6c 6f');
    await user.selectOptions(format, 'Base64');
    expect(ui.payload).toHaveProperty('value', 'SGVsbG8=');
    await user.selectOptions(format, 'Hex');
    await user.clear(ui.payload);
    await user.type(ui.payload, 'c0 af');
    await user.selectOptions(format, 'Text (UTF-8)');
    expect(store.getState().error).toBe('These bytes are not valid UTF-8, so they stay as hex or base64.');
    expect(ui.payload).toHaveProperty('value', 'c0 af');
  });

  it('loads the payload from a file', async () => {
    const { user, crafter, ui } = setup();
    await user.upload(crafter.getByLabelText('Load file…'), new File([Uint8Array.of(0, 1, 0xfe, 0xff)], 'blob.bin'));
    expect(await crafter.findByDisplayValue('00 01 fe ff')).toBe(ui.payload);
    expect(crafter.getByText('4 bytes')).toBeTruthy();
  });

  it('sends to one connection: a server as a whole is refused in one sentence', async () => {
    const { api, user, store, ui } = setup('s1');
    await user.click(ui.send);
    expect(store.getState().error).toBe('Choose one of the server\'s clients in the sidebar: crafted frames go to one connection.');
    expect(api.calls).toEqual([]);
  });
});

describe('the classic violations, one click each', () => {
  it('sends a violation\'s frames as they are, and says what a conforming peer does', async () => {
    const { api, user, crafter } = setup();
    const violation = VIOLATIONS.find((candidate) => candidate.name === 'Unmasked client frame');
    await user.click(crafter.getByRole('button', { name: 'Unmasked client frame' }));
    expect(api.argsOf('session.sendFrames')).toEqual([{ sessionId: 'c1', steps: violation?.frames.map((frame) => ({ frame, delayMs: 0 })) }]);
    expect(crafter.getByText(/^Sent “Unmasked client frame”: expect the server fails the connection with 1002\./)).toBeTruthy();
  });

  it('shows what the connection did in response', async () => {
    const { user, store, crafter } = setup();
    await user.click(crafter.getByRole('button', { name: 'Fragmented ping' }));
    act(() => store.getState().upsertSessions([{ ...client, state: 'closed', status: 'closed 1002 Protocol Error' }]));
    expect(crafter.getByText('Now closed: closed 1002 Protocol Error')).toBeTruthy();
  });

  it('has a button for each, named after it', () => {
    const { crafter } = setup();
    for (const { name } of VIOLATIONS) expect(crafter.getByRole('button', { name })).toBeTruthy();
  });

  it('disables those the selected side cannot commit, saying why', () => {
    const { crafter } = setup();
    const masked = crafter.getByRole('button', { name: 'Masked server frame' });
    expect(masked).toHaveProperty('disabled', true);
    expect(masked.title).toBe('Only a server commits this: select one of a server\'s clients.');
    expect(crafter.getByRole('button', { name: 'Unmasked client frame' })).toHaveProperty('disabled', false);
  });

  it('from a server\'s client, the client-only one is disabled instead', () => {
    const { crafter } = setup('p1');
    expect(crafter.getByRole('button', { name: 'Unmasked client frame' }).title).toBe('Only a client commits this: select a client connection.');
    expect(crafter.getByRole('button', { name: 'Masked server frame' })).toHaveProperty('disabled', false);
  });
});

describe('sequences', () => {
  it('sends crafted frames with a delay before each, as one run', async () => {
    const { api, user, crafter, ui } = setup();
    await user.type(ui.payload, 'one');
    await user.click(crafter.getByRole('button', { name: 'Add to sequence' }));
    await user.clear(ui.payload);
    await user.type(ui.payload, 'two');
    await user.click(crafter.getByRole('button', { name: 'Add to sequence' }));
    await user.type(crafter.getByRole('textbox', { name: 'Delay before frame 2' }), '250');
    await user.click(crafter.getByRole('button', { name: 'Send sequence' }));
    const [run] = api.argsOf('session.sendFrames');
    // The frames keep "masked by role": each gets its own random key when it goes out.
    expect(run.steps.map((step) => [Buffer.from(step.frame.payload, 'base64').toString(), step.frame.mask, step.delayMs])).toEqual([
      ['one', 'role', 0],
      ['two', 'role', 250],
    ]);
  });

  it('is saved by name, loaded back and deleted', async () => {
    const { user, store, crafter, ui } = setup();
    await user.type(ui.payload, 'one');
    await user.click(crafter.getByRole('button', { name: 'Add to sequence' }));
    await user.type(crafter.getByRole('textbox', { name: 'Sequence name' }), 'probe');
    await user.click(crafter.getByRole('button', { name: 'Save sequence' }));
    expect(store.getState().sequences.map((sequence) => [sequence.name, sequence.steps.length])).toEqual([['probe', 1]]);
    await user.click(crafter.getByRole('button', { name: 'Clear sequence' }));
    expect(crafter.queryByRole('textbox', { name: 'Delay before frame 1' })).toBeNull();
    await user.click(crafter.getByRole('button', { name: 'Load saved sequence probe' }));
    expect(crafter.getByRole('textbox', { name: 'Delay before frame 1' })).toBeTruthy();
    await user.click(crafter.getByRole('button', { name: 'Delete saved sequence probe' }));
    expect(store.getState().sequences).toEqual([]);
  });

  it('names a delay that is not a number of milliseconds', async () => {
    const { api, user, store, crafter } = setup();
    await user.click(crafter.getByRole('button', { name: 'Add to sequence' }));
    await user.type(crafter.getByRole('textbox', { name: 'Delay before frame 1' }), 'soon');
    await user.click(crafter.getByRole('button', { name: 'Send sequence' }));
    expect(store.getState().error).toBe('The delay before frame 1 (ms) is a whole number from 0 to 600000, not "soon".');
    expect(api.calls).toEqual([]);
  });
});

describe('saved frames', () => {
  it('saves the frame in the form by name and loads it back', async () => {
    const { user, store, crafter, ui } = setup();
    await user.type(ui.payload, 'Hello');
    await user.click(crafter.getByRole('checkbox', { name: 'RSV2' }));
    await user.type(crafter.getByRole('textbox', { name: 'Frame name' }), 'odd hello');
    await user.click(crafter.getByRole('button', { name: 'Save frame' }));
    expect(store.getState().craftedFrames.map(({ name, frame }) => [name, frame.rsv2, frame.payload])).toEqual([['odd hello', true, base64('Hello')]]);
    await user.click(crafter.getByRole('button', { name: 'Reset frame' }));
    expect(ui.payload).toHaveProperty('value', '');
    await user.click(crafter.getByRole('button', { name: 'Load saved frame odd hello' }));
    expect(ui.payload).toHaveProperty('value', 'Hello');
    expect(crafter.getByRole('checkbox', { name: 'RSV2' })).toHaveProperty('checked', true);
  });
});

describe('raw bytes', () => {
  it('go to the socket as typed in hex', async () => {
    const { api, user, crafter } = setup('p1');
    await user.type(crafter.getByRole('textbox', { name: 'Raw bytes' }), '81 05 48 65 6c 6c 6f');
    await user.click(crafter.getByRole('button', { name: 'Send bytes' }));
    expect(api.argsOf('session.sendRawBytes')).toEqual([{ sessionId: 'p1', data: Buffer.from('810548656c6c6f', 'hex').toString('base64') }]);
  });

  it('that are not hex are refused in one sentence', async () => {
    const { api, user, store, crafter } = setup();
    await user.type(crafter.getByRole('textbox', { name: 'Raw bytes' }), '81 0');
    await user.click(crafter.getByRole('button', { name: 'Send bytes' }));
    expect(store.getState().error).toBe('Raw bytes is written as pairs of hex digits, such as "81 05 48 65".');
    expect(api.calls).toEqual([]);
  });
});
