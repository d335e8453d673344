import type { StateCreator } from 'zustand/vanilla';
import type { ApiEvent, ConnectRequest, SessionSummary } from '../../shared/api';
import { textToBase64 } from '../api/bytes';
import type { ConnectedApi } from '../api/types';
import type { WorkbenchState } from './workbench-store';

const HISTORY_CHUNK = 5000;

export interface ActionsSlice {
  /** Subscribe to events, then load the sessions the main process already holds. */
  start(): Promise<void>;
  applyEvents(events: ApiEvent[]): void;
  connect(request: ConnectRequest): Promise<void>;
  /** Close the selected connection with 1000 Normal Closure. */
  disconnect(): Promise<void>;
  startServer(port: number): Promise<SessionSummary | null>;
  stopServer(): Promise<void>;
  /** Send a text message on the selected connection (to every client, for a server). */
  sendText(text: string): Promise<void>;
  /** Ask how much memory the captures hold; quietly, since it runs on a timer. */
  refreshStats(): Promise<void>;
}

/** What the UI does, through the API; a failure becomes the one-sentence error notice. */
export function createActionsSlice(api: ConnectedApi): StateCreator<WorkbenchState, [], [], ActionsSlice> {
  return (_set, get) => {
    async function attempt<T>(run: () => Promise<T>): Promise<T | null> {
      try {
        const result = await run();
        get().showError(null);
        return result;
      } catch (error) {
        get().showError(error instanceof Error ? error.message : String(error));
        return null;
      }
    }

    /** Entries captured before this page subscribed (after a reload), fetched once per session. */
    async function loadHistory(session: SessionSummary): Promise<void> {
      for (let from = session.evicted + 1; from <= session.entries; from += HISTORY_CHUNK) {
        const entries = await api.call('capture.entries', { sessionId: session.id, from, count: HISTORY_CHUNK });
        get().prependEntries(session.id, entries);
      }
    }

    return {
      async start() {
        api.onLost((message) => get().setLost(message));
        api.subscribe((events) => get().applyEvents(events));
        const sessions = await attempt(() => api.call('session.list', {}));
        if (!sessions) return;
        get().upsertSessions(sessions);
        await attempt(() => Promise.all(sessions.map(loadHistory)));
      },

      applyEvents(events) {
        const state = get();
        const summaries: SessionSummary[] = [];
        for (const event of events) {
          if (event.type === 'session') summaries.push(event.session);
          else if (event.type === 'entries') state.appendEntries(event.sessionId, event.entries);
          else if (event.type === 'truncated') state.setTruncation(event.sessionId, { frames: event.frames, evicted: event.evicted });
          else {
            state.removeSession(event.sessionId);
            state.dropTimeline(event.sessionId);
          }
        }
        if (summaries.length > 0) state.upsertSessions(summaries);
      },

      async connect(request) {
        const session = await attempt(() => api.call('session.connect', request));
        if (!session) return;
        get().upsertSessions([session]);
        get().select(session.id);
      },

      async disconnect() {
        const id = get().selectedSessionId;
        if (id === null) return;
        await attempt(() => api.call('session.close', { sessionId: id, code: 1000 }));
      },

      async startServer(port) {
        const session = await attempt(() => api.call('server.start', { port }));
        if (!session) return null;
        get().upsertSessions([session]);
        get().setActiveServer(session.id);
        get().select(session.id);
        return session;
      },

      async stopServer() {
        const id = get().activeServerId;
        if (id === null) return;
        await attempt(() => api.call('server.stop', { sessionId: id }));
      },

      async refreshStats() {
        if (get().lost !== null) return;
        try {
          get().setCaptureStats(await api.call('capture.stats', {}));
        } catch (error) {
          console.warn('capture.stats failed', error);
        }
      },

      async sendText(text) {
        const id = get().selectedSessionId;
        const session = id === null ? undefined : get().sessions[id];
        if (!session) {
          get().showError('Connect first, or pick a session to send on.');
          return;
        }
        const data = textToBase64(text);
        if (session.kind === 'server') await attempt(() => api.call('server.broadcast', { sessionId: session.id, kind: 'text', data }));
        else await attempt(() => api.call('session.sendMessage', { sessionId: session.id, kind: 'text', data }));
      },
    };
  };
}
