import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectedApi } from '../api/types';
import { createActionsSlice, type ActionsSlice } from './actions-slice';
import { createCrafterSlice, type CrafterSlice } from './crafter-slice';
import { createLayoutSlice, type LayoutSlice } from './layout-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createPayloadSlice, type PayloadSlice } from './payload-slice';
import { createSavedMessagesSlice, type SavedMessagesSlice } from './saved-messages-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';
import { createSessionsSlice, type SessionsSlice } from './sessions-slice';
import { createStatsSlice, type StatsSlice } from './stats-slice';
import { createTimelineControlsSlice, type TimelineControlsSlice } from './timeline-controls-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice';

export type WorkbenchState = SessionsSlice &
  TimelineSlice &
  TimelineControlsSlice &
  SelectionSlice &
  LayoutSlice &
  PayloadSlice &
  NoticesSlice &
  StatsSlice &
  SavedMessagesSlice &
  CrafterSlice &
  WorkspaceSlice &
  ActionsSlice;
export type WorkbenchStore = StoreApi<WorkbenchState>;

/** The app's one store, its slices combined once (STYLE.md §4), bound to whichever API was found. */
export function createWorkbenchStore(api: ConnectedApi): WorkbenchStore {
  return createStore<WorkbenchState>()((...a) => ({
    ...createSessionsSlice(...a),
    ...createTimelineSlice(...a),
    ...createTimelineControlsSlice(...a),
    ...createSelectionSlice(...a),
    ...createLayoutSlice(...a),
    ...createPayloadSlice(api)(...a),
    ...createNoticesSlice(...a),
    ...createStatsSlice(...a),
    ...createSavedMessagesSlice(...a),
    ...createCrafterSlice(api)(...a),
    ...createWorkspaceSlice(api)(...a),
    ...createActionsSlice(api)(...a),
  }));
}
