import type { StateCreator } from 'zustand/vanilla';
import type { WorkbenchState } from './workbench-store';

/** One timeline row: a frame or event by its seq, or the fragmented message that starts at `seq`. */
export interface EntrySelection {
  seq: number;
  message: boolean;
}

export interface SelectionSlice {
  /** The session the timeline, the composer and Disconnect act on. */
  selectedSessionId: string | null;
  /** The server Stop server acts on: the one started last from this page. */
  activeServerId: string | null;
  /** The timeline row the inspector shows. */
  selectedEntry: EntrySelection | null;
  /**
   * The inspector's field (its id, such as 'opcode' or 'mask-key'), shared by the decoded
   * header and the hex dump (STYLE.md §5). It survives moving to another frame, so that
   * one field can be watched frame after frame.
   */
  selectedField: string | null;
  select(sessionId: string | null): void;
  setActiveServer(sessionId: string | null): void;
  selectEntry(entry: EntrySelection | null): void;
  selectField(field: string | null): void;
}

export const createSelectionSlice: StateCreator<WorkbenchState, [], [], SelectionSlice> = (set) => ({
  selectedSessionId: null,
  activeServerId: null,
  selectedEntry: null,
  selectedField: null,
  select: (sessionId) => set((state) => (state.selectedSessionId === sessionId ? {} : { selectedSessionId: sessionId, selectedEntry: null })),
  setActiveServer: (sessionId) => set({ activeServerId: sessionId }),
  selectEntry: (entry) => set({ selectedEntry: entry }),
  selectField: (field) => set({ selectedField: field }),
});
