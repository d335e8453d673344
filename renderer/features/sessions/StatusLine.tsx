import type { SessionSummary } from '../../../shared/api';
import { useWorkbench } from '../../app/store-context';

/** The selected session in one line: where, its state, why it ended, and what was discarded. */
export function StatusLine() {
  const session = useWorkbench((state) => (state.selectedSessionId === null ? null : state.sessions[state.selectedSessionId]));
  const truncation = useWorkbench((state) => (state.selectedSessionId === null ? undefined : state.truncation[state.selectedSessionId]));
  if (!session) return <p role="status" className="status" />;
  const notes: string[] = [];
  const frames = Math.max(session.truncated, truncation?.frames ?? 0);
  const evicted = Math.max(session.evicted, truncation?.evicted ?? 0);
  if (frames > 0) notes.push(`${frames} frames truncated (payload dropped to stay within the memory bound)`);
  if (evicted > 0) notes.push(`${evicted} oldest entries removed`);
  return (
    <p role="status" className={`status state-${session.state}`}>
      <strong>{session.label}</strong> — {describeStatus(session)}
      {notes.length > 0 && <span className="truncated"> · {notes.join(', ')}</span>}
    </p>
  );
}

/** "open"; "closed: connection refused by …"; "closed 1000 Normal Closure (clean)", not "closed: closed 1000 …". */
function describeStatus({ state, status, label }: SessionSummary): string {
  if (status === null || status === `listening on ${label}`) return state;
  return status.startsWith(`${state} `) ? status : `${state}: ${status}`;
}
