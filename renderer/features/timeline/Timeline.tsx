import { useEffect } from 'react';
import { useWorkbench, useWorkbenchStore } from '../../app/store-context';
import { TimelineGrid } from './TimelineGrid';
import { TimelineNotes } from './TimelineNotes';
import { TimelineToolbar } from './TimelineToolbar';
import './timeline.css';

/**
 * The selected session's frames and events: the filter bar, the rows, and a note of what
 * was truncated. The rows live in the store's TimelineLog, outside React; this subscribes
 * only to the session's revision, bumped at most once per animation frame.
 */
export function Timeline() {
  const store = useWorkbenchStore();
  const sessionId = useWorkbench((state) => state.selectedSessionId);
  const revision = useWorkbench((state) => (state.selectedSessionId === null ? 0 : (state.revisions[state.selectedSessionId] ?? 0)));
  const filter = useWorkbench((state) => state.timelineFilter);
  // A session's log appears with its first entries, and so with a new revision.
  const log = sessionId === null || revision === 0 ? undefined : store.getState().timelines.get(sessionId);

  useEffect(() => log?.view.setFilter(filter), [log, filter]);

  return (
    <div className="timeline">
      <TimelineToolbar log={log} />
      <TimelineGrid log={log} revision={revision} />
      {sessionId === null ? <p className="tl-empty">Connect, start a server or choose a session to see its frames.</p> : <TimelineNotes sessionId={sessionId} log={log} revision={revision} />}
    </div>
  );
}
