// @vitest-environment happy-dom
// A server that misbehaves on purpose: each option named in the server's settings, and
// what it adds to server.start.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement, useState } from 'react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ServerFaults } from '../../renderer/features/faults/ServerFaults';
import { countServerFaults, NO_SERVER_FAULTS, toServerFaultsRequest, type ServerFaultsForm } from '../../renderer/features/faults/server-faults-form';

/** The fieldset controlled as a server form would hold it; `latest()` is what it holds now. */
function setup() {
  let current = NO_SERVER_FAULTS;
  function Harness() {
    const [value, setValue] = useState(NO_SERVER_FAULTS);
    current = value;
    return createElement(ServerFaults, { value, onChange: setValue });
  }
  onTestFinished(() => cleanup());
  render(createElement(Harness));
  return { user: userEvent.setup(), fields: within(screen.getByRole('group', { name: 'Misbehave on purpose' })), latest: () => current };
}

describe('each misbehaviour is named and reaches server.start', () => {
  it('all of them at once', async () => {
    const { user, fields, latest } = setup();
    await user.click(fields.getByRole('checkbox', { name: 'Wrong Sec-WebSocket-Accept' }));
    await user.type(fields.getByRole('textbox', { name: 'Status instead of 101' }), '403');
    await user.type(fields.getByRole('textbox', { name: 'Unoffered subprotocol' }), 'mqtt');
    await user.type(fields.getByRole('textbox', { name: 'Unoffered extension' }), 'x-webkit-deflate-frame');
    await user.click(fields.getByRole('checkbox', { name: 'Never answer pings' }));
    await user.type(fields.getByRole('textbox', { name: 'Unsolicited pong every' }), '1000');
    await user.type(fields.getByRole('textbox', { name: 'Drop TCP without a Close after' }), '0');
    await user.click(fields.getByRole('checkbox', { name: 'Write frames one byte at a time' }));
    await user.type(fields.getByRole('textbox', { name: 'Delay before each write' }), '50');
    expect(toServerFaultsRequest(latest())).toEqual({
      faults: { wrongAccept: true, status: 403, subprotocol: 'mqtt', extension: 'x-webkit-deflate-frame', unsolicitedPongMs: 1000, dropAfterMs: 0, byteByByte: true, writeDelayMs: 50 },
      autoPong: false,
    });
    expect(countServerFaults(latest())).toBe(9);
  });

  it('none: the server behaves', () => {
    expect(toServerFaultsRequest(NO_SERVER_FAULTS)).toEqual({});
    expect(countServerFaults(NO_SERVER_FAULTS)).toBe(0);
  });

  it('"Never answer pings" alone turns auto-pong off and sets no fault', () => {
    expect(toServerFaultsRequest({ ...NO_SERVER_FAULTS, neverPong: true })).toEqual({ autoPong: false });
  });
});

describe('what cannot be sent is named in one sentence', () => {
  const refusal = (change: Partial<ServerFaultsForm>) => () => toServerFaultsRequest({ ...NO_SERVER_FAULTS, ...change });

  it('a status that is not one, or is 101 anyway', () => {
    expect(refusal({ status: '99' })).toThrow('The status instead of 101 is a whole number from 100 to 599, not "99".');
    expect(refusal({ status: '101' })).toThrow('101 is the status a server answers anyway: leave the field blank, or choose another, such as 400.');
  });

  it('times that are not whole milliseconds', () => {
    expect(refusal({ unsolicitedPongMs: '0' })).toThrow('The unsolicited pong interval (ms) is a whole number from 1 to 86400000, not "0".');
    expect(refusal({ dropAfterMs: 'soon' })).toThrow('The time before dropping TCP (ms) is a whole number from 0 to 86400000, not "soon".');
    expect(refusal({ writeDelayMs: '1.5' })).toThrow('The delay before each write (ms) is a whole number from 1 to 86400000, not "1.5".');
  });
});
