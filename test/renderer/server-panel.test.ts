// @vitest-environment happy-dom
// The server panel: the form reaches server.start as the contract spells it; the server
// in view shows where it listens and its clients, toggles echo, and stops.
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ServerStartRequest } from '../../shared/api';
import { ServerPanel } from '../../renderer/features/server/ServerPanel';
import { fakeApi, renderWorkbench, session } from './render-workbench';

const listening = (request: ServerStartRequest) => session({ id: 's1', kind: 'server', label: `${request.tls ? 'wss' : 'ws'}://127.0.0.1:${request.port || 41234}`, state: 'listening', echo: request.echo });

function setup() {
  const api = fakeApi({
    'server.start': listening,
    'server.stop': () => null,
    'server.setEcho': ({ echo }) => session({ id: 's1', kind: 'server', label: 'ws://127.0.0.1:41234', state: 'listening', echo }),
  });
  return { user: userEvent.setup(), ...renderWorkbench(ServerPanel, { api }) };
}

describe('starting a server', () => {
  it('starts on a free port, shows where it listens and stops it', async () => {
    const { api, user, store } = setup();
    expect(screen.getByRole('button', { name: 'Stop server' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Start server' }));
    expect(api.argsOf('server.start')).toEqual([{ host: '127.0.0.1', port: 0, echo: true }]);
    expect(await screen.findByText('listening on ws://127.0.0.1:41234')).toBeTruthy();
    expect(screen.getByText('0 clients connected')).toBeTruthy();
    act(() => store.getState().upsertSessions([session({ id: 's2', kind: 'server-client', parentId: 's1', label: '127.0.0.1:50000', state: 'open' })]));
    expect(screen.getByText('1 client connected')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Stop server' }));
    expect(api.argsOf('server.stop')).toEqual([{ sessionId: 's1' }]);
  });

  it('passes its options: echo off, subprotocols, heartbeat, deflate, a self-signed certificate', async () => {
    const { api, user } = setup();
    await user.clear(screen.getByRole('textbox', { name: 'Port' }));
    await user.type(screen.getByRole('textbox', { name: 'Port' }), '9443');
    await user.click(screen.getByRole('checkbox', { name: 'Echo' }));
    await user.click(screen.getByRole('button', { name: 'Options' }));
    await user.type(screen.getByRole('textbox', { name: 'Subprotocols' }), 'mqtt');
    await user.type(screen.getByRole('textbox', { name: 'Ping interval' }), '1000');
    await user.type(screen.getByRole('textbox', { name: 'Ping timeout' }), '500');
    await user.click(screen.getByRole('checkbox', { name: 'permessage-deflate' }));
    await user.click(screen.getByRole('radio', { name: 'Self-signed certificate' }));
    await user.click(screen.getByRole('button', { name: 'Start server' }));
    expect(api.argsOf('server.start')).toEqual([
      { host: '127.0.0.1', port: 9443, echo: false, subprotocols: ['mqtt'], pingInterval: 1000, pingTimeout: 500, deflate: {}, tls: { selfSigned: true } },
    ]);
    expect(await screen.findByText('listening on wss://127.0.0.1:9443')).toBeTruthy();
  });

  it.each([
    ['seventy', 'The port is a whole number from 0 to 65535 (0 picks a free one), not "seventy".'],
    ['70000', 'The port is a whole number from 0 to 65535 (0 picks a free one), not "70000".'],
  ])('refuses port %j in one sentence', async (port, message) => {
    const { api, user, store } = setup();
    await user.clear(screen.getByRole('textbox', { name: 'Port' }));
    await user.type(screen.getByRole('textbox', { name: 'Port' }), port);
    await user.click(screen.getByRole('button', { name: 'Start server' }));
    expect(store.getState().error).toBe(message);
    expect(api.calls).toEqual([]);
  });

  it('asks for both certificate files', async () => {
    const { user, store } = setup();
    await user.click(screen.getByRole('button', { name: 'Options' }));
    await user.click(screen.getByRole('radio', { name: 'Certificate files' }));
    await user.type(screen.getByRole('textbox', { name: 'Certificate' }), '/srv/cert.pem');
    await user.click(screen.getByRole('button', { name: 'Start server' }));
    expect(store.getState().error).toBe('A wss:// server needs both a certificate file and its key file.');
  });
});

it('turns echo off and on for the running server', async () => {
  const { api, user } = setup();
  await user.click(screen.getByRole('button', { name: 'Start server' }));
  const echo = await screen.findByRole('checkbox', { name: 'Echo incoming messages' });
  expect(echo).toHaveProperty('checked', true);
  await user.click(echo);
  expect(api.argsOf('server.setEcho')).toEqual([{ sessionId: 's1', echo: false }]);
  expect(screen.getByRole('checkbox', { name: 'Echo incoming messages' })).toHaveProperty('checked', false);
});
