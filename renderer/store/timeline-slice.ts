import type { StateCreator } from 'zustand/vanilla';
import type { CaptureEntry } from '../../shared/capture';
import { publishSchedule } from './publish-schedule';
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
  /** Bumped, at most once per animation frame, whenever a session's timeline or its view changed: what components subscribe to. */
  revisions: Record<string, number>;
  truncation: Record<string, Truncation>;
  appendEntries(sessionId: string, entries: CaptureEntry[]): void;
  /** Older entries (history fetched after a reload), merged in seq order. */
  prependEntries(sessionId: string, entries: CaptureEntry[]): void;
  setTruncation(sessionId: string, truncation: Truncation): void;
  dropTimeline(sessionId: string): void;
}

/** Under a flood, how often the store hears of new rows: ten times a second. */
const APPEND_PUBLISH_MS = 100;

/**
 * Entries go into each session's TimelineLog as batches arrive (STYLE.md §4); the store
 * hears about it at most once per animation frame (about ten times a second under a
 * flood), as a revision per session.
 */
export const createTimelineSlice: StateCreator<WorkbenchState, [], [], TimelineSlice> = (set, get) => {
  const timelines = new Map<string, TimelineLog>();
  const changed = new Set<string>();
  const publish = publishSchedule(() => {
    const next = { ...get().revisions };
    for (const sessionId of changed) if (timelines.has(sessionId)) next[sessionId] = (next[sessionId] ?? 0) + 1;
    changed.clear();
    set({ revisions: next });
  }, APPEND_PUBLISH_MS);
  const timelineOf = (sessionId: string): TimelineLog => {
    let log = timelines.get(sessionId);
    if (!log) {
      log = new TimelineLog((urgent) => {
        changed.add(sessionId);
        publish(urgent);
      });
      timelines.set(sessionId, log);
    }
    return log;
  };
  return {
    timelines,
    revisions: {},
    truncation: {},
    appendEntries: (sessionId, entries) => timelineOf(sessionId).append(entries),
    prependEntries: (sessionId, entries) => timelineOf(sessionId).merge(entries),
    setTruncation: (sessionId, truncation) => set((state) => ({ truncation: { ...state.truncation, [sessionId]: truncation } })),
    dropTimeline: (sessionId) => {
      timelines.delete(sessionId);
      changed.delete(sessionId);
      set((state) => {
        const revisions = { ...state.revisions };
        const truncation = { ...state.truncation };
        delete revisions[sessionId];
        delete truncation[sessionId];
        return { revisions, truncation };
      });
    },
  };
};
