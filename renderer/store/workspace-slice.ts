import type { StateCreator } from 'zustand/vanilla';
import type { OpenedWorkspace, PathPurpose, SessionSummary, WorkspaceStatus } from '../../shared/api';
import { emptyRendererState, type RendererState } from '../../shared/workspace';
import type { ConnectedApi } from '../api/types';
import { attempt } from './attempt';
import { selectedSession } from './send-target';
import type { WorkbenchState } from './workbench-store';

/** How long the renderer state must stay unchanged before it goes to the main process (typing in a name is one change). */
export const RENDERER_STATE_DEBOUNCE_MS = 400;
const HISTORY_CHUNK = 5000;

export type Layout = RendererState['layout'];
export type TimelineFormat = 'ndjson' | 'har';

export interface WorkspaceSlice {
  /** The open workspace's path, dirty flag, recent files and recovery offer; null until the main process answers. */
  workspace: WorkspaceStatus | null;
  /** Pane sizes, theme, open panels: opaque here, the layout's to fill. */
  layout: Layout;
  /** Whether the last save kept the captures; Save does the same again. */
  includeCaptures: boolean;
  setLayout(layout: Layout): void;
  /** What the workspace file keeps of the renderer, read from the slices that hold it. */
  collectRendererState(): RendererState;
  /** Put a workspace's renderer state back into the slices, without sending it back. */
  applyRendererState(state: RendererState): void;
  /**
   * Follow the workspace: its status from the main process, and the renderer state sent
   * (debounced) whenever it changes. Returns the function that stops following.
   */
  startWorkspace(): () => void;
  newWorkspace(): Promise<boolean>;
  openWorkspace(path: string): Promise<boolean>;
  /** Save to `path`, or where it was opened from or last saved when absent. */
  saveWorkspace(path: string | undefined, includeCaptures: boolean): Promise<boolean>;
  recoverWorkspace(): Promise<boolean>;
  /** The selected session's timeline to a file on the host; the file's path and entry count once written. */
  exportTimeline(format: TimelineFormat, path: string): Promise<{ path: string; entries: number } | null>;
  /** A HAR file's WebSocket messages as a new session, selected. */
  importHar(path: string): Promise<boolean>;
  /** A path from the host's native file dialog (Electron); `native: false` when the page must ask itself; null on error. */
  choosePath(purpose: PathPurpose): Promise<{ native: boolean; path: string | null } | null>;
}

export function createWorkspaceSlice(api: ConnectedApi): StateCreator<WorkbenchState, [], [], WorkspaceSlice> {
  return (set, get, store) => {
    /** The renderer state the main process last received (or sent us), by reference. */
    let synced: RendererState | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const changed = (state: WorkbenchState) =>
      synced !== null && (state.savedMessages !== synced.savedMessages || state.craftedFrames !== synced.craftedFrames || state.sequences !== synced.sequences || state.layout !== synced.layout);

    async function pushRendererState(): Promise<void> {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      synced = get().collectRendererState();
      const status = await attempt(get, () => api.call('workspace.setRendererState', get().collectRendererState()));
      if (status) set({ workspace: status });
    }

    function schedulePush(): void {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => void pushRendererState(), RENDERER_STATE_DEBOUNCE_MS);
    }

    /** Entries captured before this page knew the session (an opened or imported capture). */
    async function loadHistory(session: SessionSummary): Promise<void> {
      for (let from = session.evicted + 1; from <= session.entries; from += HISTORY_CHUNK) {
        get().prependEntries(session.id, await api.call('capture.entries', { sessionId: session.id, from, count: HISTORY_CHUNK }));
      }
    }

    async function opened(run: () => Promise<OpenedWorkspace>): Promise<boolean> {
      const workspace = await attempt(get, run);
      if (!workspace) return false;
      get().applyRendererState(workspace.renderer);
      set({ workspace: workspace.status });
      get().upsertSessions(workspace.sessions);
      await attempt(get, () => Promise.all(workspace.sessions.map(loadHistory)));
      return true;
    }

    return {
      workspace: null,
      layout: {},
      includeCaptures: false,
      setLayout: (layout) => set({ layout }),

      collectRendererState: () => {
        const { savedMessages, craftedFrames, sequences, layout } = get();
        return { savedMessages, craftedFrames, sequences, layout };
      },

      applyRendererState: ({ savedMessages, craftedFrames, sequences, layout }) => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        // Marked as synced before the store changes, since its subscribers run during set().
        synced = { savedMessages, craftedFrames, sequences, layout };
        set(synced);
      },

      startWorkspace() {
        synced = get().collectRendererState();
        const stopEvents = api.subscribe((events) => {
          for (const event of events) {
            if (event.type !== 'workspace') continue;
            set({ workspace: event.status });
            // The main process replaced the workspace (opened from the menu or at launch): take its state.
            if (event.renderer) get().applyRendererState(event.renderer);
          }
        });
        const stopWatching = store.subscribe((state) => {
          if (changed(state)) schedulePush();
        });
        void attempt(get, () => api.call('workspace.status', {})).then((status) => status && set({ workspace: status }));
        return () => {
          stopEvents();
          stopWatching();
          // Nothing typed is lost when the bar goes away: a pending change is sent now.
          if (timer !== null) void pushRendererState();
        };
      },

      async newWorkspace() {
        const status = await attempt(get, () => api.call('workspace.new', {}));
        if (!status) return false;
        get().applyRendererState(emptyRendererState());
        set({ workspace: status });
        return true;
      },

      openWorkspace: (path) => opened(() => api.call('workspace.open', { path })),
      choosePath: (purpose) => attempt(get, () => api.call('dialog.choosePath', { purpose, defaultPath: get().workspace?.path ?? undefined })),
      recoverWorkspace: () => opened(() => api.call('workspace.recover', {})),

      async saveWorkspace(path, includeCaptures) {
        // The file must hold the latest renderer state, not the one before the debounce.
        if (timer !== null) await pushRendererState();
        const status = await attempt(get, () => api.call('workspace.save', { path, includeCaptures }));
        if (!status) return false;
        set({ workspace: status, includeCaptures });
        return true;
      },

      async exportTimeline(format, path) {
        const session = selectedSession(get());
        if (!session) {
          get().showError('Choose a session in the sidebar to export its timeline.');
          return null;
        }
        return attempt(get, () => api.call('capture.export', { sessionId: session.id, format, path }));
      },

      async importHar(path) {
        const session = await attempt(get, () => api.call('capture.importHar', { path }));
        if (!session) return false;
        get().upsertSessions([session]);
        get().select(session.id);
        await attempt(get, () => loadHistory(session));
        return true;
      },
    };
  };
}
