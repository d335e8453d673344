import type { StateCreator } from 'zustand/vanilla';
import type { WorkbenchState } from './workbench-store';

export interface SelectionSlice {
  /** The session the timeline, the composer and Disconnect act on. */
  selectedSessionId: string | null;
  /** The server Stop server acts on: the one started last from this page. */
  activeServerId: string | null;
  select(sessionId: string | null): void;
  setActiveServer(sessionId: string | null): void;
}

export const createSelectionSlice: StateCreator<WorkbenchState, [], [], SelectionSlice> = (set) => ({
  selectedSessionId: null,
  activeServerId: null,
  select: (sessionId) => set({ selectedSessionId: sessionId }),
  setActiveServer: (sessionId) => set({ activeServerId: sessionId }),
});
