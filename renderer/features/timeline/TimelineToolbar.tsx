import { useWorkbench } from '../../app/store-context';
import type { TimelineFilter } from '../../store/timeline-filter';
import type { TimelineLog } from '../../store/timeline-log';

export const FILTER_INPUT_ID = 'timeline-filter';

/** Filters (direction, opcode kind, text or regular expression) and auto-scroll. */
export function TimelineToolbar({ log }: { log: TimelineLog | undefined }) {
  const filter = useWorkbench((state) => state.timelineFilter);
  const setFilter = useWorkbench((state) => state.setTimelineFilter);
  const following = useWorkbench((state) => state.followNewest);
  const setFollowNewest = useWorkbench((state) => state.setFollowNewest);
  const error = log?.view.filterError ?? null;

  return (
    <div className="tl-toolbar" role="toolbar" aria-label="Timeline filters">
      <input
        id={FILTER_INPUT_ID}
        type="search"
        className={`tl-search${error ? ' invalid' : ''}`}
        aria-label="Filter"
        aria-invalid={error !== null}
        aria-describedby={error ? 'timeline-filter-error' : undefined}
        placeholder={filter.regex ? 'Regular expression over payloads (Ctrl+F)' : 'Search payloads (Ctrl+F)'}
        spellCheck={false}
        autoComplete="off"
        value={filter.search}
        onChange={(event) => setFilter({ search: event.target.value })}
      />
      <button type="button" className="tl-toggle" aria-pressed={filter.regex} title="Regular expression" aria-label="Regular expression" onClick={() => setFilter({ regex: !filter.regex })}>
        .*
      </button>
      <button type="button" className="tl-toggle" aria-pressed={filter.matchCase} title="Match case" aria-label="Match case" onClick={() => setFilter({ matchCase: !filter.matchCase })}>
        Aa
      </button>
      <select aria-label="Direction" value={filter.direction} onChange={(event) => setFilter({ direction: event.target.value as TimelineFilter['direction'] })}>
        <option value="all">⇄ Both</option>
        <option value="out">→ Sent</option>
        <option value="in">← Received</option>
      </select>
      <select aria-label="Opcode kind" value={filter.kind} onChange={(event) => setFilter({ kind: event.target.value as TimelineFilter['kind'] })}>
        <option value="all">All kinds</option>
        <option value="data">Data frames</option>
        <option value="control">Control frames</option>
      </select>
      <button
        type="button"
        aria-label="Pause auto-scroll"
        aria-pressed={!following}
        title="Stop following the newest row (scrolling up or selecting a row does it too)"
        onClick={() => setFollowNewest(!following)}
      >
        Pause
      </button>
      <button type="button" aria-label="Jump to newest" title="Show the newest row and follow it (End)" onClick={() => setFollowNewest(true)}>
        <span aria-hidden="true">⤓</span> Newest
      </button>
    </div>
  );
}
