import { useWorkbench } from '../../app/store-context';
import { count } from '../../format/payload-text';
import type { TimelineLog } from '../../store/timeline-log';

/**
 * The footer: how many rows are shown of how many, the filter's progress or error, and
 * what is missing and why, never silently (STYLE.md §5): payloads the capture's memory
 * bound truncated, entries it removed, rows this page let go of.
 */
export function TimelineNotes({ sessionId, log }: { sessionId: string; log: TimelineLog | undefined; revision: number }) {
  const session = useWorkbench((state) => state.sessions[sessionId]);
  const truncation = useWorkbench((state) => state.truncation[sessionId]);
  const view = log?.view;
  const frames = Math.max(session?.truncated ?? 0, truncation?.frames ?? 0);
  const evicted = Math.max(session?.evicted ?? 0, truncation?.evicted ?? 0);
  const notes: string[] = [];
  if (frames > 0) notes.push(`${count(frames)} frames truncated: payloads dropped to keep the capture within its memory bound`);
  if (evicted > 0) notes.push(`${count(evicted)} oldest entries removed by the memory bound`);
  if (log && log.discarded > 0) notes.push(`${count(log.discarded)} oldest rows let go of by this page`);
  const error = view?.filterError ?? null;
  const progress = view?.progress ?? null;
  return (
    <div className="tl-footer">
      <span>
        {progress !== null ? `Filtering… ${Math.floor(progress * 100)}%` : `${count(view?.length ?? 0)} shown · ${count(log?.length ?? 0)} entries`}
      </span>
      {error && (
        <span id="timeline-filter-error" className="tl-error">
          Not a regular expression: {error}
        </span>
      )}
      {notes.length > 0 && (
        <span role="note" className="tl-truncated" title={notes.join('\n')}>
          ⚠ {notes.join(' · ')}
        </span>
      )}
    </div>
  );
}
