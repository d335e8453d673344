import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectedApi } from '../api/types';
import { createActionsSlice, type ActionsSlice } from './actions-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';
import { createSessionsSlice, type SessionsSlice } from './sessions-slice';
import { createStatsSlice, type StatsSlice } from './stats-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';

export type WorkbenchState = SessionsSlice & TimelineSlice & SelectionSlice & NoticesSlice & StatsSlice & ActionsSlice;
export type WorkbenchStore = StoreApi<WorkbenchState>;

/** The app's one store, its slices combined once (STYLE.md §4), bound to whichever API was found. */
export function createWorkbenchStore(api: ConnectedApi): WorkbenchStore {
  return createStore<WorkbenchState>()((...a) => ({
    ...createSessionsSlice(...a),
    ...createTimelineSlice(...a),
    ...createSelectionSlice(...a),
    ...createNoticesSlice(...a),
    ...createStatsSlice(...a),
    ...createActionsSlice(api)(...a),
  }));
}
