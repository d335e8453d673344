import type { StateCreator } from 'zustand/vanilla';
import type { ApiEvent, ConnectRequest, ServerStartRequest, SessionSummary } from '../../shared/api';
import { bytesToBase64 } from '../api/bytes';
import type { ConnectedApi } from '../api/types';
import { attempt as attemptCall } from './attempt';
import { openClientCount, selectedSession, sendProblem } from './send-target';
import type { WorkbenchState } from './workbench-store';

const HISTORY_CHUNK = 5000;

/** One message as the composer hands it over. */
export interface OutgoingMessage {
  kind: 'text' | 'binary';
  bytes: Uint8Array;
  /** Byte offsets at which to cut it into frames (RFC 6455 §5.4); none for one frame. */
  splitAt?: number[];
  pingBetween?: boolean;
  delayMs?: number;
}

export interface ActionsSlice {
  /** Subscribe to events, then load the sessions the main process already holds. */
  start(): Promise<void>;
  applyEvents(events: ApiEvent[]): void;
  connect(request: ConnectRequest): Promise<void>;
  /** Close the selected connection with 1000 Normal Closure. */
  disconnect(): Promise<void>;
  startServer(request: ServerStartRequest): Promise<SessionSummary | null>;
  stopServer(serverId: string): Promise<void>;
  setEcho(serverId: string, echo: boolean): Promise<void>;
  /** Send on the selected session: that one connection, or every open client of a selected server. Resolves true once sent. */
  sendMessage(message: OutgoingMessage): Promise<boolean>;
  ping(payload: Uint8Array): Promise<void>;
  /** Start the close handshake on the selected connection; no code sends an empty Close frame. */
  closeConnection(code: number | undefined, reason: string): Promise<void>;
  /** Forget every closed connection and stopped server, with their timelines. */
  removeClosed(): Promise<void>;
  /** Ask how much memory the captures hold; quietly, since it runs on a timer. */
  refreshStats(): Promise<void>;
}

/** What the UI does, through the API; a failure becomes the one-sentence error notice. */
export function createActionsSlice(api: ConnectedApi): StateCreator<WorkbenchState, [], [], ActionsSlice> {
  return (_set, get) => {
    const attempt = <T>(run: () => Promise<T>) => attemptCall(get, run);

    /** Entries captured before this page subscribed (after a reload), fetched once per session. */
    async function loadHistory(session: SessionSummary): Promise<void> {
      for (let from = session.evicted + 1; from <= session.entries; from += HISTORY_CHUNK) {
        const entries = await api.call('capture.entries', { sessionId: session.id, from, count: HISTORY_CHUNK });
        get().prependEntries(session.id, entries);
      }
    }

    /** The selected connection (not a server), or null after saying why not. */
    function openConnection(): SessionSummary | null {
      const session = selectedSession(get());
      const problem = session?.kind === 'server' ? 'Choose one of the server\'s clients in the sidebar: control frames go to one connection.' : sendProblem(session);
      if (problem !== null) get().showError(problem);
      return problem === null ? session : null;
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
          else if (event.type === 'removed') {
            state.removeSession(event.sessionId);
            state.dropTimeline(event.sessionId);
            if (get().selectedSessionId === event.sessionId) state.select(null);
            if (get().activeServerId === event.sessionId) state.setActiveServer(null);
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

      async startServer(request) {
        const session = await attempt(() => api.call('server.start', request));
        if (!session) return null;
        get().upsertSessions([session]);
        get().setActiveServer(session.id);
        get().select(session.id);
        return session;
      },

      async stopServer(serverId) {
        await attempt(() => api.call('server.stop', { sessionId: serverId }));
      },

      async setEcho(serverId, echo) {
        const session = await attempt(() => api.call('server.setEcho', { sessionId: serverId, echo }));
        if (session) get().upsertSessions([session]);
      },

      async sendMessage({ kind, bytes, splitAt, pingBetween, delayMs }) {
        const session = selectedSession(get());
        const problem = sendProblem(session);
        if (problem !== null || session === null) {
          get().showError(problem);
          return false;
        }
        const data = bytesToBase64(bytes);
        if (session.kind !== 'server') {
          const sent = await attempt(() => api.call('session.sendMessage', { sessionId: session.id, kind, data, splitAt, pingBetween, delayMs }));
          return sent !== null;
        }
        // server.broadcast sends whole messages: fragments are cut for one connection at a time.
        if (splitAt !== undefined) {
          get().showError('Fragments go to one client at a time: choose one of the server\'s clients in the sidebar.');
          return false;
        }
        if (openClientCount(get(), session.id) === 0) {
          get().showError(`No client is connected to ${session.label}: nothing was sent.`);
          return false;
        }
        const sent = await attempt(() => api.call('server.broadcast', { sessionId: session.id, kind, data }));
        return sent !== null;
      },

      async ping(payload) {
        const session = openConnection();
        if (!session) return;
        await attempt(() => api.call('session.ping', { sessionId: session.id, payload: bytesToBase64(payload) }));
      },

      async closeConnection(code, reason) {
        const session = openConnection();
        if (!session) return;
        await attempt(() => api.call('session.close', { sessionId: session.id, code, reason: reason === '' ? undefined : reason }));
      },

      async removeClosed() {
        const { sessions, sessionOrder } = get();
        const ended = (session: SessionSummary) => session.state === 'closed' || session.state === 'stopped';
        const removable = sessionOrder.filter((id) => {
          const session = sessions[id];
          if (!session || !ended(session)) return false;
          const parent = session.parentId === null ? undefined : sessions[session.parentId];
          // Removing a stopped server removes its clients too; a closed client of a running server goes alone.
          return parent === undefined || !ended(parent);
        });
        await attempt(() => Promise.all(removable.map((sessionId) => api.call('session.remove', { sessionId }))));
      },

      async refreshStats() {
        if (get().lost !== null) return;
        try {
          get().setCaptureStats(await api.call('capture.stats', {}));
        } catch (error) {
          console.warn('capture.stats failed', error);
        }
      },
    };
  };
}
