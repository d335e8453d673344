import type { StateCreator } from 'zustand/vanilla';
import type { WorkbenchState } from './workbench-store';

export interface NoticesSlice {
  /** The last thing that went wrong, in one sentence; cleared by the next action that succeeds. */
  error: string | null;
  /** Set for good when the transport to the main process is gone. */
  lost: string | null;
  showError(message: string | null): void;
  setLost(message: string): void;
}

export const createNoticesSlice: StateCreator<WorkbenchState, [], [], NoticesSlice> = (set) => ({
  error: null,
  lost: null,
  showError: (message) => set({ error: message }),
  setLost: (message) => set({ lost: message }),
});
