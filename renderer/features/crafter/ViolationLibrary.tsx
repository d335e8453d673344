import { useState } from 'react';
import { VIOLATIONS, type Violation } from '../../../shared/violations';
import { useWorkbench } from '../../app/store-context';
import type { PeerRole } from '../../store/crafter-slice';

interface Props {
  /** The selected connection's side; null when none is selected (a click then says why nothing was sent). */
  role: PeerRole | null;
}

/** Why a violation cannot be committed from `role`'s side, or null when it can. */
function wrongSide(violation: Violation, role: PeerRole | null): string | null {
  if (role === null || violation.from === 'either' || violation.from === role) return null;
  return violation.from === 'client' ? 'Only a client commits this: select a client connection.' : 'Only a server commits this: select one of a server\'s clients.';
}

/** The classic protocol violations, one click each, and what a conforming peer does about the last one sent. */
export function ViolationLibrary({ role }: Props) {
  const sendCraftedFrames = useWorkbench((state) => state.sendCraftedFrames);
  const [sent, setSent] = useState<{ violation: Violation; sessionId: string } | null>(null);
  const sessionId = useWorkbench((state) => state.selectedSessionId);

  const commit = async (violation: Violation) => {
    if (await sendCraftedFrames(violation.frames.map((frame) => ({ frame, delayMs: 0 })))) setSent(sessionId === null ? null : { violation, sessionId });
  };

  return (
    <fieldset className="crafter-group">
      <legend>Classic violations</legend>
      <div className="violation-list">
        {VIOLATIONS.map((violation) => {
          const why = wrongSide(violation, role);
          return (
            <button key={violation.name} type="button" disabled={why !== null} title={why ?? `${violation.expectation} (RFC 6455 ${violation.rfc})`} onClick={() => void commit(violation)}>
              {violation.name}
            </button>
          );
        })}
      </div>
      {sent && <ViolationOutcome violation={sent.violation} sessionId={sent.sessionId} />}
    </fieldset>
  );
}

/** What was expected of the peer, beside what the connection shows now. */
function ViolationOutcome({ violation, sessionId }: { violation: Violation; sessionId: string }) {
  const session = useWorkbench((state) => state.sessions[sessionId]);
  return (
    <p className="violation-outcome" aria-live="polite">
      Sent “{violation.name}”: expect {violation.expectation}.{' '}
      {session && (
        <span className={`violation-now state-${session.state}`}>
          Now {session.state}
          {session.status ? `: ${session.status}` : ''}
        </span>
      )}
    </p>
  );
}
