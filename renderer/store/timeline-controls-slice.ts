import type { StateCreator } from 'zustand/vanilla';
import { NO_FILTER, type TimelineFilter } from './timeline-filter';
import type { WorkbenchState } from './workbench-store';

export interface TimelineControlsSlice {
  /** One filter for whichever session the timeline shows. */
  timelineFilter: TimelineFilter;
  /** Keep the newest row in view as rows arrive; off once the user scrolls up, selects a row or pauses. */
  followNewest: boolean;
  setTimelineFilter(changes: Partial<TimelineFilter>): void;
  setFollowNewest(follow: boolean): void;
}

export const createTimelineControlsSlice: StateCreator<WorkbenchState, [], [], TimelineControlsSlice> = (set) => ({
  timelineFilter: NO_FILTER,
  followNewest: true,
  setTimelineFilter: (changes) => set((state) => ({ timelineFilter: { ...state.timelineFilter, ...changes } })),
  setFollowNewest: (follow) => set({ followNewest: follow }),
});
