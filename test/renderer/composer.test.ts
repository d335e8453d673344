// @vitest-environment happy-dom
// The composer as a user meets it: what it says about the message as it is typed, and
// what it asks the main process to send.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Composer } from '../../renderer/features/composer/Composer';
import { decodeBase64, fakeApi, renderWorkbench, session } from './render-workbench';

const client = session({ id: 's1', kind: 'client', label: 'ws://127.0.0.1:9001/', state: 'open' });
const server = session({ id: 's2', kind: 'server', label: 'ws://127.0.0.1:9002', state: 'listening' });
const peer = session({ id: 's3', kind: 'server-client', parentId: 's2', label: '127.0.0.1:50000', state: 'open' });

function setup(selected = 's1') {
  const api = fakeApi({ 'session.sendMessage': () => ({ frames: 1 }), 'server.broadcast': () => ({ clients: 1 }), 'session.ping': () => null, 'session.close': () => null });
  const user = userEvent.setup();
  const { store } = renderWorkbench(Composer, { api, sessions: [client, server, peer], selected });
  return { api, user, store };
}

const send = () => screen.getByRole('button', { name: 'Send' });

describe('Text', () => {
  it('counts UTF-8 bytes as you type and sends the text', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'héllo');
    expect(screen.getByText('6 bytes')).toBeTruthy();
    expect(screen.getByText('to ws://127.0.0.1:9001/')).toBeTruthy();
    await user.click(send());
    expect(api.argsOf('session.sendMessage')).toEqual([{ sessionId: 's1', kind: 'text', data: Buffer.from('héllo').toString('base64') }]);
  });

  it('sends with Ctrl+Enter', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'quick{Control>}{Enter}{/Control}');
    expect(api.argsOf('session.sendMessage').map((args) => decodeBase64(args.data))).toEqual(['quick']);
  });
});

describe('JSON', () => {
  it('points at the first mistake and keeps Send disabled until it is fixed', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    await user.click(screen.getByRole('textbox', { name: 'Message' }));
    await user.paste('{"a": 1,\n "b" 2}');
    expect(screen.getByRole('note').textContent).toBe('Invalid JSON at line 2, column 6: expected \':\' after the property name, found "2".');
    expect(send()).toHaveProperty('disabled', true);
  });

  it('pretty-prints without rounding big numbers', async () => {
    const { api, user } = setup();
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    await user.click(screen.getByRole('textbox', { name: 'Message' }));
    await user.paste('{"id":12345678901234567890,"tags":["a",{}],"empty":[]}');
    await user.click(screen.getByRole('button', { name: 'Pretty-print' }));
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('{\n  "id": 12345678901234567890,\n  "tags": [\n    "a",\n    {}\n  ],\n  "empty": []\n}');
    await user.click(send());
    expect(api.argsOf('session.sendMessage')[0].kind).toBe('text');
  });
});

describe('Binary', () => {
  it('reads hex with spaces and line breaks, and sends the bytes', async () => {
    const { api, user } = setup();
    await user.click(screen.getByRole('radio', { name: 'Binary' }));
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '48 65{Enter}6c 6C');
    expect(screen.getByText('4 bytes')).toBeTruthy();
    await user.click(send());
    expect(api.argsOf('session.sendMessage')).toEqual([{ sessionId: 's1', kind: 'binary', data: Buffer.from('Hell').toString('base64') }]);
  });

  it('names the character that is not hex', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('radio', { name: 'Binary' }));
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '48 6g');
    expect(screen.getByRole('note').textContent).toBe('"g" is not a hex digit (line 1, column 5).');
    expect(send()).toHaveProperty('disabled', true);
  });

  it('shows typed text as hex, then as base64, when the input changes', async () => {
    const { user } = setup();
    const message = () => (screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value;
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi!');
    await user.click(screen.getByRole('radio', { name: 'Binary' }));
    expect(message()).toBe('48 69 21');
    await user.click(screen.getByRole('radio', { name: 'Base64' }));
    expect(message()).toBe('SGkh');
  });

  it('sends a chosen file and shows its size', async () => {
    const { api, user } = setup();
    await user.click(screen.getByRole('radio', { name: 'Binary' }));
    await user.click(screen.getByRole('radio', { name: 'File' }));
    await user.upload(screen.getByLabelText('File to send'), new File([new Uint8Array([0, 1, 2, 255])], 'blob.bin'));
    expect(await screen.findByText('blob.bin · 4 B')).toBeTruthy();
    await user.click(send());
    expect(api.argsOf('session.sendMessage')[0]).toMatchObject({ kind: 'binary', data: 'AAEC/w==' });
  });
});

describe('Fragments', () => {
  it('sends a message as N frames, cut at byte offsets', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hello world');
    const fragments = screen.getByRole('spinbutton', { name: 'Fragments' });
    await user.clear(fragments);
    await user.type(fragments, '3');
    expect(screen.getByText(/in 3 frames: 4 \+ 4 \+ 3/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Delay' }), '10');
    await user.click(screen.getByRole('checkbox', { name: 'Ping between fragments' }));
    await user.click(send());
    expect(api.argsOf('session.sendMessage')).toEqual([{ sessionId: 's1', kind: 'text', data: Buffer.from('hello world').toString('base64'), splitAt: [4, 8], pingBetween: true, delayMs: 10 }]);
  });

  it('says when a cut falls inside a character, and sends it anyway', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'é');
    await user.type(screen.getByRole('textbox', { name: 'Split at' }), '1');
    expect(screen.getByText(/a cut falls inside a character/)).toBeTruthy();
    await user.click(send());
    expect(api.argsOf('session.sendMessage')[0].splitAt).toEqual([1]);
  });

  it('refuses offsets past the end', async () => {
    const { user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'abc');
    await user.type(screen.getByRole('textbox', { name: 'Split at' }), '1, 9');
    expect(screen.getByRole('note').textContent).toBe('The split at byte 9 is past the end of the 3-byte message.');
  });
});

describe('a server and its clients', () => {
  it('broadcasts to every client of a selected server, whole messages only', async () => {
    const { api, user } = setup('s2');
    expect(screen.getByText('to all 1 client of ws://127.0.0.1:9002')).toBeTruthy();
    // The fieldset disables every field in it (happy-dom does not carry that down to :disabled).
    expect(screen.getByRole('group', { name: 'Frames' })).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'all');
    await user.click(send());
    expect(api.argsOf('server.broadcast')).toEqual([{ sessionId: 's2', kind: 'text', data: Buffer.from('all').toString('base64') }]);
  });

  it('sends to one client when that client is selected', async () => {
    const { api, user } = setup('s3');
    expect(screen.getByText('to client 127.0.0.1:50000 of ws://127.0.0.1:9002')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'just you');
    await user.click(send());
    expect(api.argsOf('session.sendMessage').map((args) => args.sessionId)).toEqual(['s3']);
    expect(api.argsOf('server.broadcast')).toEqual([]);
  });
});

describe('Ping and Close', () => {
  it('pings with a payload', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Ping payload' }), 'are you there');
    expect(screen.getByText('13/125 B')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Ping' }));
    expect(api.argsOf('session.ping')).toEqual([{ sessionId: 's1', payload: Buffer.from('are you there').toString('base64') }]);
  });

  it('closes with a named code and a reason, counted in bytes', async () => {
    const { api, user } = setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Close code name' }), '1001 Going Away');
    await user.type(screen.getByRole('textbox', { name: 'Close reason' }), 'bye ✓');
    expect(screen.getByText('7/123 B')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(api.argsOf('session.close')).toEqual([{ sessionId: 's1', code: 1001, reason: 'bye ✓' }]);
  });

  it('takes a typed code, and names the one that may not be sent', async () => {
    const { api, user, store } = setup();
    const code = screen.getByRole('textbox', { name: 'Close code' });
    await user.clear(code);
    await user.type(code, '1005');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(store.getState().error).toBe('1005 No Status Received is only reported locally (RFC 6455 §7.4): use 1000-1003, 1007-1014, or 3000-4999.');
    await user.clear(code);
    await user.type(code, '4321');
    expect((screen.getByRole('combobox', { name: 'Close code name' }) as HTMLSelectElement).value).toBe('other');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(api.argsOf('session.close')).toEqual([{ sessionId: 's1', code: 4321, reason: undefined }]);
  });
});

describe('saved messages', () => {
  it('saves under a folder, outlives the page, and loads back to send again', async () => {
    localStorage.clear();
    const first = setup();
    await first.user.click(screen.getByRole('radio', { name: 'JSON' }));
    await first.user.click(screen.getByRole('textbox', { name: 'Message' }));
    await first.user.paste('{"op":"login"}');
    await first.user.type(screen.getByRole('textbox', { name: 'Save as' }), 'auth/login');
    await first.user.click(screen.getByRole('button', { name: 'Save' }));
    expect(first.store.getState().savedMessages).toMatchObject([{ folder: 'auth', name: 'login', kind: 'json', encoding: 'utf8', body: '{"op":"login"}' }]);

    // A new page: a fresh store reads what the last one kept.
    cleanup();
    const again = setup();
    const picker = screen.getByRole('combobox', { name: 'Saved message' });
    expect(screen.getByRole('group', { name: 'auth' })).toBeTruthy();
    await again.user.selectOptions(picker, 'login (json)');
    expect(screen.getByRole('radio', { name: 'JSON' })).toHaveProperty('checked', true);
    await again.user.click(send());
    expect(again.api.argsOf('session.sendMessage').map((args) => decodeBase64(args.data))).toEqual(['{"op":"login"}']);
  });
});
