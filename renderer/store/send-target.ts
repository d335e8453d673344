import type { SessionSummary } from '../../shared/api';
import type { WorkbenchState } from './workbench-store';

/** The session the composer acts on: the one selected in the sidebar. */
export function selectedSession(state: WorkbenchState): SessionSummary | null {
  return state.selectedSessionId === null ? null : (state.sessions[state.selectedSessionId] ?? null);
}

/** How many of a server's clients are open (what a broadcast reaches). */
export function openClientCount(state: WorkbenchState, serverId: string): number {
  let count = 0;
  for (const id of state.sessionOrder) {
    const session = state.sessions[id];
    if (session?.parentId === serverId && session.state === 'open') count++;
  }
  return count;
}

/**
 * The server the server panel shows and stops: the selected server, or the server of a
 * selected client, or else the one started last from this page.
 */
export function panelServerId(state: WorkbenchState): string | null {
  const session = selectedSession(state);
  if (session?.kind === 'server') return session.id;
  if (session?.kind === 'server-client') return session.parentId;
  return state.activeServerId;
}

/** Why nothing can be sent right now, in one sentence; null when the selected session can take a message. */
export function sendProblem(session: SessionSummary | null): string | null {
  if (!session) return 'Connect first, or pick a session to send on.';
  if (session.kind === 'server') return session.state === 'listening' ? null : `The server ${session.label} is stopped.`;
  if (session.state !== 'open') return `${session.label} is ${session.state}: it must be open to send.`;
  return null;
}

/** Where a message goes, for the composer: "to ws://…", "to client … of ws://…", "to all 2 clients of ws://…". */
export function targetLabel(state: WorkbenchState): string {
  const session = selectedSession(state);
  if (!session) return 'no session selected';
  if (session.kind === 'client') return `to ${session.label}`;
  if (session.kind === 'server') {
    const clients = openClientCount(state, session.id);
    return `to all ${clients} ${clients === 1 ? 'client' : 'clients'} of ${session.label}`;
  }
  const parent = session.parentId === null ? undefined : state.sessions[session.parentId];
  return `to client ${session.label}${parent ? ` of ${parent.label}` : ''}`;
}
