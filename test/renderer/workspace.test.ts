// @vitest-environment happy-dom
// Workspaces as a user meets them: New, Open (with the recent files), Save and Save as
// with the captures choice, the unsaved-changes questions, recovery after a crash, the
// timeline's export and HAR import; and the renderer state the workspace file keeps.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, OpenedWorkspace, WorkspaceStatus } from '../../shared/api';
import { defaultCraftedFrame } from '../../shared/crafted-frame';
import { emptyRendererState, type RendererState } from '../../shared/workspace';
import { RecoveryBanner } from '../../renderer/features/workspace/RecoveryBanner';
import { WorkspaceBar } from '../../renderer/features/workspace/WorkspaceBar';
import { RENDERER_STATE_DEBOUNCE_MS } from '../../renderer/store/workspace-slice';
import { fakeApi, renderWorkbench, session, type Answers } from './render-workbench';

const clean: WorkspaceStatus = { path: null, dirty: false, recent: [], recovery: null };
const hello = { ...defaultCraftedFrame(), payload: Buffer.from('Hello').toString('base64') };
const client = session({ id: 'c1', kind: 'client', label: 'ws://127.0.0.1:9001/', state: 'open' });

/** A workspace file's renderer state with one of everything the renderer keeps. */
const fileState: RendererState = {
  savedMessages: [{ id: 'm1', name: 'greeting', folder: '', kind: 'text', encoding: 'utf8', body: 'hi' }],
  craftedFrames: [{ id: 'f1', name: 'hello', frame: hello }],
  sequences: [{ id: 'q1', name: 'twice', steps: [{ frame: hello, delayMs: 0 }, { frame: hello, delayMs: 100 }] }],
  layout: { inspector: 480 },
};
const opened = (path: string): OpenedWorkspace => ({ status: { ...clean, path }, renderer: fileState, sessions: [session({ id: 'w1', kind: 'client', label: 'ws://example.test/', state: 'connecting' })] });

afterEach(() => vi.useRealTimers());

function setup(status: WorkspaceStatus = clean, answers: Answers = {}) {
  const listeners = new Set<(events: ApiEvent[]) => void>();
  const api = {
    ...fakeApi({
      'workspace.status': () => status,
      'workspace.setRendererState': () => ({ ...status, dirty: true }),
      'workspace.save': ({ path }) => ({ ...status, path: path ?? status.path, dirty: false }),
      'workspace.new': () => clean,
      'workspace.open': ({ path }) => opened(path),
      'workspace.recover': () => opened('/w/recovered.json'),
      'capture.entries': () => [],
      'dialog.choosePath': () => ({ native: false, path: null }),
      ...answers,
    }),
    subscribe(listener: (events: ApiEvent[]) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (events: ApiEvent[]) => act(() => listeners.forEach((listener) => listener(events)));
  const user = userEvent.setup();
  const { store } = renderWorkbench(WorkspaceBar, { api, sessions: [client], selected: 'c1' });
  const bar = within(screen.getByRole('group', { name: 'Workspace' }));
  return { api, user, store, bar, emit };
}

const dialog = (name: string) => within(screen.getByRole('dialog', { name }));

describe('native file dialogs (Electron)', () => {
  it('opens and saves where the native dialog says, with no in-app path dialog', async () => {
    const chosen = { 'open-workspace': '/w/native-open.json', 'save-workspace': '/w/native-save.json', 'import-har': null };
    const { api, user, bar } = setup(clean, { 'dialog.choosePath': ({ purpose }) => ({ native: true, path: chosen[purpose] }) });
    await user.click(bar.getByRole('button', { name: 'Open workspace' }));
    await waitFor(() => expect(api.argsOf('workspace.open')).toEqual([{ path: '/w/native-open.json' }]));
    await user.click(bar.getByRole('button', { name: 'Save as…' }));
    await waitFor(() => expect(api.argsOf('workspace.save')).toEqual([{ path: '/w/native-save.json', includeCaptures: false }]));
    // A cancelled native dialog does nothing at all.
    await user.click(bar.getByRole('button', { name: 'Import HAR' }));
    await waitFor(() => expect(api.argsOf('dialog.choosePath')).toHaveLength(3));
    expect(api.argsOf('capture.importHar')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('saving', () => {
  it('asks for a path the first time, with the captures choice; then Save saves there', async () => {
    const { api, user, bar } = setup();
    await user.click(bar.getByRole('button', { name: 'Save workspace' }));
    const save = dialog('Save workspace');
    await user.type(save.getByRole('textbox', { name: 'Path' }), '/w/probe.json');
    await user.click(save.getByRole('checkbox', { name: 'Save captures with the workspace' }));
    await user.click(save.getByRole('button', { name: 'Save' }));
    expect(api.argsOf('workspace.save')).toEqual([{ path: '/w/probe.json', includeCaptures: true }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bar.getByText('probe.json')).toBeTruthy();

    await user.click(bar.getByRole('button', { name: 'Save workspace' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.argsOf('workspace.save')[1]).toEqual({ path: undefined, includeCaptures: true });
  });

  it('Save as asks again, starting from where it was saved', async () => {
    const { api, user, bar } = setup({ ...clean, path: '/w/probe.json' });
    await bar.findByText('probe.json');
    await user.click(bar.getByRole('button', { name: 'Save as…' }));
    const path = dialog('Save workspace').getByRole('textbox', { name: 'Path' });
    expect(path).toHaveProperty('value', '/w/probe.json');
    await user.clear(path);
    await user.type(path, '/w/copy.json{Enter}');
    expect(api.argsOf('workspace.save')).toEqual([{ path: '/w/copy.json', includeCaptures: false }]);
  });

  it('refuses an empty path in one sentence and keeps the dialog open', async () => {
    const { api, user, store, bar } = setup();
    await user.click(bar.getByRole('button', { name: 'Save as…' }));
    await user.click(dialog('Save workspace').getByRole('button', { name: 'Save' }));
    expect(store.getState().error).toBe('Type the path of a file on the machine that runs the workbench host.');
    expect(api.argsOf('workspace.save')).toEqual([]);
    expect(screen.getByRole('dialog', { name: 'Save workspace' })).toBeTruthy();
  });

  it('keeps the dialog open with the host\'s one sentence when saving fails', async () => {
    const { user, store, bar } = setup(clean, {
      'workspace.save': () => {
        throw new Error('Cannot write /nope/w.json: no such directory.');
      },
    });
    await user.click(bar.getByRole('button', { name: 'Save workspace' }));
    await user.type(dialog('Save workspace').getByRole('textbox', { name: 'Path' }), '/nope/w.json{Enter}');
    expect(store.getState().error).toBe('Cannot write /nope/w.json: no such directory.');
    expect(screen.getByRole('dialog', { name: 'Save workspace' })).toBeTruthy();
  });
});

describe('opening', () => {
  it('offers the recent workspaces; one click opens one and brings its renderer state back', async () => {
    const { api, user, store, bar } = setup({ ...clean, recent: ['/w/a.json', '/w/b.json'] });
    await act(() => Promise.resolve());
    await user.click(bar.getByRole('button', { name: 'Open workspace' }));
    const recent = within(dialog('Open workspace').getByRole('list', { name: 'Recent workspaces' }));
    await user.click(recent.getByRole('button', { name: '/w/b.json' }));
    expect(api.argsOf('workspace.open')).toEqual([{ path: '/w/b.json' }]);
    expect(store.getState().collectRendererState()).toEqual(fileState);
    expect(store.getState().sessions.w1?.label).toBe('ws://example.test/');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bar.getByText('b.json')).toBeTruthy();
  });

  it('a typed path opens too', async () => {
    const { api, user, bar } = setup();
    await user.click(bar.getByRole('button', { name: 'Open workspace' }));
    await user.type(dialog('Open workspace').getByRole('textbox', { name: 'Path' }), '/w/typed.json');
    await user.click(dialog('Open workspace').getByRole('button', { name: 'Open' }));
    expect(api.argsOf('workspace.open')).toEqual([{ path: '/w/typed.json' }]);
  });
});

describe('unsaved changes', () => {
  it('are named in the bar when the main process says so', async () => {
    const { bar, emit } = setup();
    expect(bar.queryByText(/unsaved changes/)).toBeNull();
    emit([{ type: 'workspace', status: { ...clean, path: '/w/a.json', dirty: true } }]);
    expect(bar.getByText(/unsaved changes/)).toBeTruthy();
  });

  it('are not thrown away by New without asking', async () => {
    const { api, user, store, bar } = setup({ ...clean, dirty: true });
    await bar.findByText(/unsaved changes/);
    act(() => store.getState().saveCraftedFrame('kept', hello));
    await user.click(bar.getByRole('button', { name: 'New workspace' }));
    await user.click(dialog('Discard unsaved changes?').getByRole('button', { name: 'Cancel' }));
    expect(api.argsOf('workspace.new')).toEqual([]);
    await user.click(bar.getByRole('button', { name: 'New workspace' }));
    await user.click(dialog('Discard unsaved changes?').getByRole('button', { name: 'Discard changes' }));
    expect(api.argsOf('workspace.new')).toEqual([{}]);
    expect(store.getState().collectRendererState()).toEqual(emptyRendererState());
  });

  it('are not thrown away by Open without asking', async () => {
    const { user, bar } = setup({ ...clean, dirty: true });
    await bar.findByText(/unsaved changes/);
    await user.click(bar.getByRole('button', { name: 'Open workspace' }));
    await user.click(dialog('Discard unsaved changes?').getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByRole('dialog', { name: 'Open workspace' })).toBeTruthy();
  });

  it('make closing the page ask first, in browser mode', async () => {
    const { bar, emit } = setup();
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    await act(() => Promise.resolve());
    expect(unload()).toBe(false);
    emit([{ type: 'workspace', status: { ...clean, dirty: true } }]);
    await bar.findByText(/unsaved changes/);
    expect(unload()).toBe(true);
  });
});

describe('the renderer state the workspace keeps', () => {
  it('goes to the main process once the changes settle, not at every one', async () => {
    const { api, store } = setup();
    vi.useFakeTimers();
    act(() => {
      store.getState().saveCraftedFrame('one', hello);
      store.getState().saveSequence('run', [{ frame: hello, delayMs: 5 }]);
    });
    await vi.advanceTimersByTimeAsync(RENDERER_STATE_DEBOUNCE_MS - 1);
    expect(api.argsOf('workspace.setRendererState')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const [sent] = api.argsOf('workspace.setRendererState');
    expect(sent.craftedFrames?.map((saved) => saved.name)).toEqual(['one']);
    expect(sent.sequences?.map((saved) => saved.name)).toEqual(['run']);
    expect(api.argsOf('workspace.setRendererState')).toHaveLength(1);
  });

  it('is sent before Save, so the file holds the latest change', async () => {
    const { api, user, store, bar } = setup({ ...clean, path: '/w/a.json' });
    await bar.findByText('a.json');
    act(() => store.getState().saveCraftedFrame('late', hello));
    await user.click(bar.getByRole('button', { name: 'Save workspace' }));
    expect(api.calls.map((call) => call.method).filter((method) => method !== 'workspace.status')).toEqual(['workspace.setRendererState', 'workspace.save']);
  });

  it('is not echoed back when a workspace is opened', async () => {
    const { api, store } = setup();
    vi.useFakeTimers();
    await act(() => store.getState().openWorkspace('/w/a.json'));
    await vi.advanceTimersByTimeAsync(RENDERER_STATE_DEBOUNCE_MS * 2);
    expect(api.argsOf('workspace.setRendererState')).toEqual([]);
  });
});

describe('recovery after a crash', () => {
  it('offers the autosaved work, and Recover brings it back', async () => {
    const api = fakeApi({ 'workspace.recover': () => opened('/w/recovered.json'), 'capture.entries': () => [] });
    const user = userEvent.setup();
    const { store } = renderWorkbench(RecoveryBanner, { api });
    expect(screen.queryByRole('region', { name: 'Recovery' })).toBeNull();
    act(() => store.setState({ workspace: { ...clean, recovery: { savedAt: '2025-01-02T03:04:05Z' } } }));
    await user.click(within(screen.getByRole('region', { name: 'Recovery' })).getByRole('button', { name: 'Recover' }));
    expect(api.argsOf('workspace.recover')).toEqual([{}]);
    expect(store.getState().craftedFrames).toEqual(fileState.craftedFrames);
    expect(screen.queryByRole('region', { name: 'Recovery' })).toBeNull();
  });
});

describe('timelines in and out', () => {
  it('exports the selected session\'s timeline as HAR, the path following the format', async () => {
    const { api, user, bar } = setup(clean, { 'capture.export': ({ path }) => ({ path, entries: 3 }) });
    await user.click(bar.getByRole('button', { name: 'Export timeline' }));
    const exporting = dialog('Export the timeline of ws://127.0.0.1:9001/');
    await user.type(exporting.getByRole('textbox', { name: 'Path' }), '/w/t.ndjson');
    await user.click(exporting.getByRole('radio', { name: 'HAR (browser dev tools)' }));
    expect(exporting.getByRole('textbox', { name: 'Path' })).toHaveProperty('value', '/w/t.har');
    await user.click(exporting.getByRole('button', { name: 'Export' }));
    expect(api.argsOf('capture.export')).toEqual([{ sessionId: 'c1', format: 'har', path: '/w/t.har' }]);
    expect(bar.getByText('Exported 3 entries to /w/t.har.')).toBeTruthy();
  });

  it('exports nothing until a session is chosen', () => {
    const api = fakeApi({ 'workspace.status': () => clean });
    renderWorkbench(WorkspaceBar, { api });
    const exportButton = screen.getByRole('button', { name: 'Export timeline' });
    expect(exportButton).toHaveProperty('disabled', true);
    expect(exportButton.title).toBe('Choose a session in the sidebar to export its timeline.');
  });

  it('imports a HAR file as a new session, selected, with its entries', async () => {
    const imported = session({ id: 'h1', kind: 'client', label: 'wss://chat.example/', state: 'closed', entries: 2 });
    const { api, user, store, bar } = setup(clean, { 'capture.importHar': () => imported });
    await user.click(bar.getByRole('button', { name: 'Import HAR' }));
    await user.type(dialog('Import HAR').getByRole('textbox', { name: 'Path' }), '/w/chat.har{Enter}');
    expect(api.argsOf('capture.importHar')).toEqual([{ path: '/w/chat.har' }]);
    expect(store.getState().selectedSessionId).toBe('h1');
    expect(api.argsOf('capture.entries')).toEqual([{ sessionId: 'h1', from: 1, count: 5000 }]);
  });
});
