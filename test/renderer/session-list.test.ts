// @vitest-environment happy-dom
// The sidebar's sessions: servers with their clients under them; choosing one (by click
// or arrow key) selects it; closed ones can be cleared away.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { SessionList } from '../../renderer/features/sessions/SessionList';
import { fakeApi, renderWorkbench, session } from './render-workbench';

const sessions = [
  session({ id: 's1', kind: 'client', label: 'ws://echo.test/', state: 'closed' }),
  session({ id: 's2', kind: 'server', label: 'ws://127.0.0.1:9002', state: 'listening' }),
  session({ id: 's3', kind: 'server-client', parentId: 's2', label: '127.0.0.1:50001', state: 'open' }),
  session({ id: 's4', kind: 'server-client', parentId: 's2', label: '127.0.0.1:50002', state: 'closed' }),
];

it('shows each server with its clients under it', () => {
  renderWorkbench(SessionList, { sessions });
  const tree = screen.getByRole('tree', { name: 'Sessions' });
  const server = within(tree).getAllByRole('treeitem').find((item) => item.getAttribute('aria-level') === '1' && item.textContent?.includes('9002'));
  expect(server?.getAttribute('aria-expanded')).toBe('true');
  expect(within(within(server!).getByRole('group')).getAllByRole('treeitem').map((item) => item.textContent)).toEqual(['peer127.0.0.1:50001open', 'peer127.0.0.1:50002closed']);
  expect(screen.getByText('listening · 1 client')).toBeTruthy();
});

it('selects by click and by arrow keys', async () => {
  const user = userEvent.setup();
  const { store } = renderWorkbench(SessionList, { sessions });
  await user.click(screen.getByText('ws://127.0.0.1:9002'));
  expect(store.getState().selectedSessionId).toBe('s2');
  await user.keyboard('{ArrowDown}');
  expect(store.getState().selectedSessionId).toBe('s3');
  expect(screen.getByRole('treeitem', { selected: true }).textContent).toContain('127.0.0.1:50001');
  await user.keyboard('{ArrowUp}{ArrowUp}');
  expect(store.getState().selectedSessionId).toBe('s1');
});

it('removes closed connections, and a stopped server with its clients', async () => {
  const user = userEvent.setup();
  const api = fakeApi({ 'session.remove': () => null });
  const { store } = renderWorkbench(SessionList, { api, sessions: [...sessions, session({ id: 's5', kind: 'server', label: 'ws://127.0.0.1:9005', state: 'stopped' }), session({ id: 's6', kind: 'server-client', parentId: 's5', label: '127.0.0.1:50006', state: 'closed' })] });
  await user.click(screen.getByRole('button', { name: 'Remove closed' }));
  expect(api.argsOf('session.remove').map((args) => args.sessionId)).toEqual(['s1', 's4', 's5']);
  // What the main process reports once they are gone.
  act(() => store.getState().applyEvents(['s1', 's4', 's5', 's6'].map((sessionId) => ({ type: 'removed', sessionId }))));
  expect(screen.getAllByRole('treeitem').map((item) => item.getAttribute('aria-level'))).toEqual(['1', '2']);
  expect(store.getState().sessionOrder).toEqual(['s2', 's3']);
});

it('says what to do when there is nothing yet', () => {
  renderWorkbench(SessionList);
  expect(screen.getByText('Connect to a URL, or start a local server below.')).toBeTruthy();
});
