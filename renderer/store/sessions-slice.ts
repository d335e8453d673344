import type { StateCreator } from 'zustand/vanilla';
import type { SessionSummary } from '../../shared/api';
import type { WorkbenchState } from './workbench-store';

export interface SessionsSlice {
  sessions: Record<string, SessionSummary>;
  /** Session ids in the order they appeared. */
  sessionOrder: string[];
  upsertSessions(sessions: SessionSummary[]): void;
  removeSession(sessionId: string): void;
}

export const createSessionsSlice: StateCreator<WorkbenchState, [], [], SessionsSlice> = (set) => ({
  sessions: {},
  sessionOrder: [],
  upsertSessions: (summaries) =>
    set((state) => {
      const sessions = { ...state.sessions };
      const added = summaries.filter((summary) => !(summary.id in sessions)).map((summary) => summary.id);
      for (const summary of summaries) sessions[summary.id] = summary;
      return { sessions, sessionOrder: added.length > 0 ? [...state.sessionOrder, ...added] : state.sessionOrder };
    }),
  removeSession: (sessionId) =>
    set((state) => {
      const sessions = { ...state.sessions };
      delete sessions[sessionId];
      return { sessions, sessionOrder: state.sessionOrder.filter((id) => id !== sessionId) };
    }),
});
