import type { StateCreator } from 'zustand/vanilla';
import type { CaptureEntry } from '../../shared/capture';
import { TimelineLog } from './timeline-log';
import type { WorkbenchState } from './workbench-store';

export interface Truncation {
  /** Frames whose payload the main process dropped to stay within its memory bound. */
  frames: number;
  /** Entries it removed entirely. */
  evicted: number;
}

export interface TimelineSlice {
  /** The timelines themselves: one Map for the store's life, updated in place, never part of a render. */
  readonly timelines: Map<string, TimelineLog>;
  /** Rows held per session: what components subscribe to. */
  rowCounts: Record<string, number>;
  truncation: Record<string, Truncation>;
  appendEntries(sessionId: string, entries: CaptureEntry[]): void;
  prependEntries(sessionId: string, entries: CaptureEntry[]): void;
  setTruncation(sessionId: string, truncation: Truncation): void;
  dropTimeline(sessionId: string): void;
}

export const createTimelineSlice: StateCreator<WorkbenchState, [], [], TimelineSlice> = (set) => {
  const timelines = new Map<string, TimelineLog>();
  const timelineOf = (sessionId: string): TimelineLog => {
    let log = timelines.get(sessionId);
    if (!log) {
      log = new TimelineLog();
      timelines.set(sessionId, log);
    }
    return log;
  };
  const publish = (sessionId: string) => set((state) => ({ rowCounts: { ...state.rowCounts, [sessionId]: timelineOf(sessionId).length } }));
  return {
    timelines,
    rowCounts: {},
    truncation: {},
    appendEntries: (sessionId, entries) => {
      timelineOf(sessionId).append(entries);
      publish(sessionId);
    },
    prependEntries: (sessionId, entries) => {
      timelineOf(sessionId).prepend(entries);
      publish(sessionId);
    },
    setTruncation: (sessionId, truncation) => set((state) => ({ truncation: { ...state.truncation, [sessionId]: truncation } })),
    dropTimeline: (sessionId) => {
      timelines.delete(sessionId);
      set((state) => {
        const rowCounts = { ...state.rowCounts };
        const truncation = { ...state.truncation };
        delete rowCounts[sessionId];
        delete truncation[sessionId];
        return { rowCounts, truncation };
      });
    },
  };
};
