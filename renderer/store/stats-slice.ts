import type { StateCreator } from 'zustand/vanilla';
import type { CaptureStats } from '../../shared/api';
import type { WorkbenchState } from './workbench-store';

export interface StatsSlice {
  /** The captures' memory against their bound, as last asked. */
  captureStats: CaptureStats | null;
  setCaptureStats(stats: CaptureStats): void;
}

export const createStatsSlice: StateCreator<WorkbenchState, [], [], StatsSlice> = (set) => ({
  captureStats: null,
  setCaptureStats: (stats) => set({ captureStats: stats }),
});
