// @vitest-environment happy-dom
// The connect form: one row until Options is opened; every option reaches session.connect
// as the contract spells it, and a bad one is named in one sentence without connecting.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ConnectRequest } from '../../shared/api';
import { ConnectionBar } from '../../renderer/features/connection/ConnectionBar';
import { fakeApi, renderWorkbench, session } from './render-workbench';

function setup() {
  const api = fakeApi({
    'session.connect': (request: ConnectRequest) => session({ id: 's1', kind: 'client', label: request.url, state: 'connecting' }),
    'session.close': () => null,
  });
  return { user: userEvent.setup(), ...renderWorkbench(ConnectionBar, { api }) };
}

describe('the connect row', () => {
  it('connects to the URL typed, then offers Disconnect for it', async () => {
    const { api, user } = setup();
    expect(screen.queryByRole('group', { name: 'Connection options' })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'ws://127.0.0.1:9001/chat{Enter}');
    expect(api.argsOf('session.connect')).toEqual([{ url: 'ws://127.0.0.1:9001/chat' }]);
    await user.click(await screen.findByRole('button', { name: 'Disconnect' }));
    expect(api.argsOf('session.close')).toEqual([{ sessionId: 's1', code: 1000 }]);
    expect(screen.getByText('connecting')).toBeTruthy();
  });

  it('asks for a URL instead of connecting to nothing', async () => {
    const { api, user, store } = setup();
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(store.getState().error).toBe('Type a ws:// or wss:// URL to connect to.');
    expect(api.calls).toEqual([]);
  });
});

describe('Options', () => {
  it('sends headers, subprotocols, origin, heartbeat, deflate, limit, TLS and proxy', async () => {
    const { api, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'wss://example.test/feed');
    await user.click(screen.getByRole('button', { name: 'Options' }));
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByRole('textbox', { name: 'Header 1 name' }), 'X-Drop');
    await user.type(screen.getByRole('textbox', { name: 'Header 2 name' }), 'Authorization');
    await user.type(screen.getByRole('textbox', { name: 'Header 2 value' }), 'Bearer t0k3n');
    await user.click(screen.getByRole('button', { name: 'Remove header 1' }));
    await user.type(screen.getByRole('textbox', { name: 'Subprotocols' }), 'chat, superchat');
    await user.type(screen.getByRole('textbox', { name: 'Origin' }), 'https://example.test');
    await user.type(screen.getByRole('textbox', { name: 'Message size limit' }), '1048576');
    await user.click(screen.getByRole('checkbox', { name: 'Answer pings automatically (auto-pong)' }));
    await user.type(screen.getByRole('textbox', { name: 'Ping interval' }), '5000');
    await user.type(screen.getByRole('textbox', { name: 'Ping payload' }), 'hb');
    await user.click(screen.getByRole('checkbox', { name: 'permessage-deflate' }));
    await user.click(screen.getByRole('checkbox', { name: 'client_no_context_takeover' }));
    await user.type(screen.getByRole('textbox', { name: 'server_max_window_bits' }), '10');
    await user.click(screen.getByRole('checkbox', { name: 'Accept any certificate (insecure)' }));
    await user.type(screen.getByRole('textbox', { name: 'CA certificate' }), '/etc/ca.pem');
    await user.click(screen.getByRole('radio', { name: 'Through' }));
    await user.type(screen.getByRole('textbox', { name: 'Proxy URL' }), 'http://127.0.0.1:3128');
    expect(screen.getByRole('button', { name: 'Options 9' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(api.argsOf('session.connect')).toEqual([
      {
        url: 'wss://example.test/feed',
        headers: [['Authorization', 'Bearer t0k3n']],
        subprotocols: ['chat', 'superchat'],
        origin: 'https://example.test',
        autoPong: false,
        pingInterval: 5000,
        pingPayload: Buffer.from('hb').toString('base64'),
        deflate: { clientNoContextTakeover: true, serverMaxWindowBits: 10 },
        maxMessageSize: 1048576,
        tls: { insecure: true, ca: '/etc/ca.pem' },
        proxy: 'http://127.0.0.1:3128',
      },
    ]);
  });

  it.each([
    { field: 'Header 1 name', value: 'Bad Name', first: 'Add header', message: '"Bad Name" is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only).' },
    { field: 'server_max_window_bits', value: '16', first: 'permessage-deflate', message: 'The server_max_window_bits parameter is a whole number from 8 to 15, not "16".' },
    { field: 'Ping timeout', value: '100', message: 'A ping timeout or payload needs a ping interval.' },
    { field: 'Client certificate', value: '/tmp/cert.pem', message: 'A client certificate needs its key, and a key its certificate.' },
    { field: 'Proxy URL', value: 'socks5://127.0.0.1:1080', first: 'Through', message: 'A proxy is an http:// URL such as http://127.0.0.1:3128, not "socks5://127.0.0.1:1080".' },
  ])('names the problem with $field = $value and does not connect', async ({ field, value, first, message }) => {
    const { api, user, store } = setup();
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'ws://127.0.0.1:9001/');
    await user.click(screen.getByRole('button', { name: 'Options' }));
    // A field that shows only once its section is on, or a row added.
    if (first !== undefined) await user.click(screen.getByText(first));
    await user.type(screen.getByRole('textbox', { name: field }), value);
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(store.getState().error).toBe(message);
    expect(api.calls).toEqual([]);
  });
});
