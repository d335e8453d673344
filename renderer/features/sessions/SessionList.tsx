import { useId, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../shared/api';
import { useWorkbench } from '../../app/store-context';
import '../session-options/form-controls.css';
import './sessions.css';

const KIND_LABEL = { client: 'client', server: 'server', 'server-client': 'peer' } as const;

/**
 * Every session as a tree: client connections and local servers, each server's clients
 * under it. Choosing one shows its timeline and makes it the composer's target; the
 * arrow keys move the choice while the tree has focus.
 */
export function SessionList() {
  const treeId = useId();
  const order = useWorkbench((state) => state.sessionOrder);
  const sessions = useWorkbench((state) => state.sessions);
  const selected = useWorkbench((state) => state.selectedSessionId);
  const select = useWorkbench((state) => state.select);
  const removeClosed = useWorkbench((state) => state.removeClosed);
  const childrenOf = (parentId: string) => order.filter((id) => sessions[id]?.parentId === parentId);
  const topLevel = order.filter((id) => sessions[id]?.parentId === null);
  // The order the tree shows them in, for the arrow keys.
  const visible = topLevel.flatMap((id) => [id, ...childrenOf(id)]);
  const anyEnded = order.some((id) => sessions[id]?.state === 'closed' || sessions[id]?.state === 'stopped');
  const itemId = (id: string) => `${treeId}-${id}`;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = selected === null ? -1 : visible.indexOf(selected);
    const next = event.key === 'ArrowDown' ? Math.min(visible.length - 1, at + 1) : Math.max(0, at - 1);
    if (visible[next] !== undefined) select(visible[next]);
  };

  const item = (id: string, level: number) => {
    const session = sessions[id];
    if (!session) return null;
    const children = level === 1 ? childrenOf(id) : [];
    return (
      <li key={id} id={itemId(id)} role="treeitem" aria-level={level} aria-selected={id === selected} aria-expanded={children.length > 0 ? true : undefined}>
        <div className={`session-row level-${level} state-${session.state}`} onClick={() => select(id)}>
          <span className="session-dot" aria-hidden="true" />
          <span className="session-kind">{KIND_LABEL[session.kind]}</span>
          <span className="session-label" title={session.label}>
            {session.label}
          </span>
          <span className="session-meta">{describeState(session, children.filter((child) => sessions[child]?.state === 'open').length)}</span>
        </div>
        {children.length > 0 && <ul role="group">{children.map((child) => item(child, 2))}</ul>}
      </li>
    );
  };

  return (
    <nav className="session-list" aria-label="Sessions">
      <div className="session-list-head">
        <h2>Sessions</h2>
        {anyEnded && (
          <button type="button" className="icon" title="Forget closed connections and stopped servers, with their timelines" onClick={() => void removeClosed()}>
            Remove closed
          </button>
        )}
      </div>
      {order.length === 0 ? (
        <p className="session-list-empty">Connect to a URL, or start a local server below.</p>
      ) : (
        <ul role="tree" aria-label="Sessions" tabIndex={0} aria-activedescendant={selected === null ? undefined : itemId(selected)} onKeyDown={onKeyDown}>
          {topLevel.map((id) => item(id, 1))}
        </ul>
      )}
    </nav>
  );
}

/** "open", "listening · 2 clients" (those open), "closed". */
function describeState(session: SessionSummary, openClients: number): string {
  if (session.kind !== 'server' || session.state !== 'listening') return session.state;
  return `${session.state} · ${openClients === 1 ? '1 client' : `${openClients} clients`}`;
}
