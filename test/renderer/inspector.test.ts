// @vitest-environment happy-dom
// The inspector's payload side, in a page of its own: the views of one payload, the rest
// of a large payload fetched on demand (capture.payload, in calls the API allows), a
// fragment's UTF-8 explained, and a lifecycle event's close code.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CaptureEntry } from '../../shared/capture';
import { Inspector } from '../../renderer/features/inspector/Inspector';
import { event, frame } from './capture-entries';
import { fakeApi, renderWorkbench, session } from './render-workbench';

const peer = session({ id: 's1', kind: 'client', label: 'ws://127.0.0.1:9001/', state: 'open' });

function inspect(entries: CaptureEntry[], seq: number, api = fakeApi()) {
  const { store } = renderWorkbench(Inspector, { api, sessions: [peer], selected: 's1' });
  store.getState().appendEntries('s1', entries);
  store.getState().selectEntry({ seq, message: false });
  return { store, region: screen.getByRole('region', { name: 'Frame inspector' }) };
}

describe('payload views', () => {
  it('shows a JSON payload as text, as a tree, and as base64', async () => {
    const { region } = inspect([frame(1, 0x1, '{"op":"sub","ids":[1,2]}')], 1);
    await waitFor(() => expect(within(region).getByRole('tabpanel').textContent).toBe('{"op":"sub","ids":[1,2]}'));
    fireEvent.click(within(region).getByRole('tab', { name: 'JSON' }));
    const tree = within(region).getByRole('tree', { name: 'JSON' });
    const leaves = within(tree).getAllByRole('treeitem').filter((item) => !item.hasAttribute('aria-expanded'));
    expect(leaves.map((item) => item.textContent)).toEqual(['op: "sub"', '0: 1', '1: 2']);
    fireEvent.click(within(region).getByRole('tab', { name: 'Base64' }));
    expect(within(region).getByRole('tabpanel').textContent).toBe(Buffer.from('{"op":"sub","ids":[1,2]}').toString('base64'));
  });

  it('fetches a payload larger than the preview when asked, and shows it whole', async () => {
    const whole = Buffer.alloc(3000, 0x61);
    const api = fakeApi({ 'capture.payload': ({ offset, length }) => ({ data: whole.subarray(offset, offset + length).toString('base64'), total: whole.length }) });
    const { region } = inspect([frame(1, 0x1, whole)], 1, api);
    await waitFor(() => expect(within(region).getByText('Showing 1,024 of 3,000 bytes of this frame\'s payload.')).toBeTruthy());
    fireEvent.click(within(region).getByRole('button', { name: 'Load all (2.9 KiB)' }));
    await waitFor(() => expect(within(region).getByRole('tabpanel').textContent).toBe('a'.repeat(3000)));
    expect(api.argsOf('capture.payload')).toEqual([{ sessionId: 's1', seq: 1, offset: 0, length: 16 * 1024 * 1024 }]);
    expect(within(region).queryByText(/^Showing/)).toBeNull();
    expect(within(region).getByLabelText('Payload', { exact: true }).textContent).toBe('3,000 bytes');
  });
});

describe('a fragment of a text message (§5.4, §8.1)', () => {
  it('says why the fragment alone is not valid UTF-8, and that the message is', async () => {
    const text = Buffer.from('price: 5€', 'utf8');
    const { region } = inspect([frame(1, 0x1, text.subarray(0, 9), { fin: false }), frame(2, 0x0, text.subarray(9))], 1);
    await waitFor(() => expect(within(region).getByLabelText('UTF-8').textContent).toBe('ends inside a 3-byte character (1 of its 3 bytes here); valid once reassembled'));
    fireEvent.click(within(region).getByRole('radio', { name: /^Reassembled message/ }));
    expect(within(region).getByRole('tabpanel').textContent).toBe('price: 5€');
  });
});

describe('lifecycle events', () => {
  it('a close: its code, name, meaning, and whether the closing handshake completed (§7.1.5, §7.4)', async () => {
    const close = { ...event(1, 'close', 'closed 1011 Internal Error'), closeCode: 1011, wasClean: false };
    const { region } = inspect([close], 1);
    await waitFor(() => expect(within(region).getByLabelText('Close code').textContent).toBe('1011 Internal Error'));
    expect(within(region).getByLabelText('Meaning').textContent).toBe('The server met an unexpected condition that prevented it from fulfilling the request.');
    expect(within(region).getByLabelText('Clean').textContent).toBe('✗ the connection ended without a complete closing handshake');
  });
});
