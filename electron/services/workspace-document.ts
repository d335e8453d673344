import type { WorkspaceDocument } from '../../shared/api';
import { WORKSPACE_FORMAT, WORKSPACE_VERSION, type RendererState, type SavedCapture } from '../../shared/workspace';
import type { CaptureStore, TimelineItem } from './capture-store';
import type { History, SessionRegistry } from './session-registry';
import type { CheckedWorkspace } from './workspace-file';

/** A document without its captures, and the captures apart: the file decides how to write them. */
export interface BuiltWorkspace {
  document: Omit<WorkspaceDocument, 'captures' | 'capturesGzip'>;
  captures: SavedCapture[] | null;
}

/** The workspace as it stands: the sessions' settings, the renderer's state and, if asked, every timeline. */
export function buildWorkspace(registry: SessionRegistry, store: CaptureStore, renderer: RendererState, includeCaptures: boolean): BuiltWorkspace {
  const { clients, servers, sessions } = registry.workspace();
  const document: BuiltWorkspace['document'] = { format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, savedAt: new Date().toISOString(), clients, servers, renderer };
  if (!includeCaptures) return { document, captures: null };
  const indexOf = new Map<string, number>();
  const captures = sessions.map((session, index): SavedCapture => {
    indexOf.set(session.id, index);
    const parent = session.parentId === null ? undefined : indexOf.get(session.parentId);
    return {
      label: session.label,
      kind: session.kind,
      ...toSaved(store.timeline(session.id)),
      ...(session.config === null ? {} : { config: session.config }),
      ...(parent === undefined ? {} : { parent }),
    };
  });
  return { document, captures };
}

/** Entries as the UI sees them, plus the whole payload of every frame whose preview is not all of it. */
function toSaved(items: TimelineItem[]): Pick<SavedCapture, 'entries' | 'payloads'> {
  const payloads: Record<string, string> = {};
  for (const { entry, payload } of items) {
    if (entry.kind === 'frame' && !entry.complete && payload !== null) payloads[entry.seq] = payload.toString('base64');
  }
  return { entries: items.map((item) => item.entry), payloads };
}

/** A saved capture as a timeline to restore: each frame with its whole payload again. */
function toHistory(capture: SavedCapture): History {
  const items = capture.entries.map((entry): TimelineItem => {
    if (entry.kind !== 'frame' || entry.dropped) return { entry, payload: null };
    const whole = capture.payloads[entry.seq] ?? entry.preview;
    return { entry, payload: Buffer.from(whole, 'base64') };
  });
  return { label: capture.label, items };
}

/**
 * Open what a checked file describes, into an empty registry: client connections closed
 * (the user reconnects them), servers listening again, each continuing its saved
 * timeline; other timelines come back for reading only, a server's clients under it.
 */
export async function restoreWorkspace(registry: SessionRegistry, { document, captures }: CheckedWorkspace): Promise<void> {
  const historyOf = (kind: 'client' | 'server', config: number) => {
    const capture = captures.find((candidate) => candidate.kind === kind && candidate.config === config);
    return capture ? toHistory(capture) : null;
  };
  const clientIds = document.clients.map((request, i) => registry.restoreClient(request, historyOf('client', i)).id);
  const serverIds: string[] = [];
  for (const [i, request] of document.servers.entries()) serverIds.push((await registry.restoreServer(request, historyOf('server', i))).id);
  const sessionIds: string[] = [];
  for (const capture of captures) {
    if (capture.config !== undefined) {
      sessionIds.push(capture.kind === 'client' ? clientIds[capture.config] : serverIds[capture.config]);
      continue;
    }
    const parentId = capture.parent === undefined ? null : sessionIds[capture.parent];
    sessionIds.push(registry.addRecorded(capture.kind, parentId, toHistory(capture)).id);
  }
}
