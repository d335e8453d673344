import { useWorkbench } from '../../app/store-context';

/** Every session, a server's clients under it; choosing one shows its timeline. */
export function SessionList() {
  const order = useWorkbench((state) => state.sessionOrder);
  const sessions = useWorkbench((state) => state.sessions);
  const selected = useWorkbench((state) => state.selectedSessionId);
  const select = useWorkbench((state) => state.select);
  const topLevel = order.filter((id) => sessions[id]?.parentId === null);
  const childrenOf = (parentId: string) => order.filter((id) => sessions[id]?.parentId === parentId);
  const item = (id: string, depth: number) => {
    const session = sessions[id];
    return (
      <li key={id} role="option" aria-selected={id === selected} className={`session-item depth-${depth} state-${session.state}`} onClick={() => select(id)}>
        <span className="kind">{session.kind === 'server' ? 'server' : session.kind === 'client' ? 'client' : 'peer'}</span> {session.label}
        <span className="state"> {session.state}</span>
      </li>
    );
  };
  return (
    <nav className="sessions">
      <ul role="listbox" aria-label="Sessions">
        {topLevel.flatMap((id) => [item(id, 0), ...childrenOf(id).map((child) => item(child, 1))])}
      </ul>
      {order.length === 0 && <p className="hint">Start a server or connect to one.</p>}
    </nav>
  );
}
