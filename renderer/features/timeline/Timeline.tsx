import { useLayoutEffect, useRef, useState } from 'react';
import { useWorkbench, useWorkbenchStore } from '../../app/store-context';
import { describeEntry, formatTime } from './describe-entry';

const ROW_HEIGHT = 22;
const OVERSCAN = 10;
const COLUMNS = ['#', 'Time', 'Dir', 'Type', 'Length', 'Summary'];

/**
 * The selected session's frames and events as a grid. Only the visible rows are
 * rendered (the timeline may hold hundreds of thousands); it follows the newest row
 * until the user scrolls up.
 */
export function Timeline() {
  const store = useWorkbenchStore();
  const sessionId = useWorkbench((state) => state.selectedSessionId);
  const rowCount = useWorkbench((state) => (state.selectedSessionId === null ? 0 : (state.rowCounts[state.selectedSessionId] ?? 0)));
  const viewport = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [view, setView] = useState({ top: 0, height: 400 });

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    if (following.current) element.scrollTop = element.scrollHeight;
    setView({ top: element.scrollTop, height: element.clientHeight });
  }, [rowCount, sessionId]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT;
    setView({ top: element.scrollTop, height: element.clientHeight });
  };

  const log = sessionId === null ? undefined : store.getState().timelines.get(sessionId);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let index = first; index < last; index++) {
    const entry = log?.at(index);
    if (!entry) continue;
    const columns = describeEntry(entry);
    rows.push(
      <div role="row" aria-rowindex={index + 2} key={entry.seq} className={`row ${entry.kind} ${entry.kind === 'frame' ? entry.direction : ''}`} style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}>
        <span role="gridcell">{entry.seq}</span>
        <span role="gridcell">{formatTime(entry.time)}</span>
        <span role="gridcell">{columns.direction}</span>
        <span role="gridcell">{columns.type}</span>
        <span role="gridcell">{columns.length}</span>
        <span role="gridcell" className="summary">
          {columns.summary}
        </span>
      </div>,
    );
  }

  return (
    <div role="grid" aria-label="Timeline" aria-rowcount={rowCount + 1} aria-colcount={COLUMNS.length} className="timeline" tabIndex={0}>
      <div role="rowgroup" className="timeline-head">
        <div role="row" aria-rowindex={1} className="row head">
          {COLUMNS.map((name) => (
            <span role="columnheader" key={name}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={viewport} className="timeline-body" onScroll={onScroll}>
        <div className="spacer" style={{ height: rowCount * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
      {sessionId === null && <p className="hint">Connect, or choose a session, to see its frames.</p>}
    </div>
  );
}
