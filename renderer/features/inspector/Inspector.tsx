import { useWorkbench, useWorkbenchStore } from '../../app/store-context';
import { EventInspector } from './EventInspector';
import { FrameInspector } from './FrameInspector';
import { HandshakeInspector } from './HandshakeInspector';
import './inspector.css';

/**
 * The right-hand pane: whatever row the timeline has selected, in detail. Frames get the
 * decoded header, the hex dump and the payload views; the handshake its accept check and
 * raw heads; events their text and close code.
 */
export function Inspector() {
  const store = useWorkbenchStore();
  const sessionId = useWorkbench((state) => state.selectedSessionId);
  const selected = useWorkbench((state) => state.selectedEntry);
  // A message's row changes as its fragments arrive; a frame's never does.
  const revision = useWorkbench((state) => (state.selectedSessionId === null ? 0 : (state.revisions[state.selectedSessionId] ?? 0)));
  const log = sessionId === null ? undefined : store.getState().timelines.get(sessionId);
  const row = selected && log ? log.indexOfSeq(selected.seq) : -1;
  const entry = log?.rowAt(row);

  let content;
  if (!sessionId || !log || !selected) {
    content = <p className="inspector-empty">Select a row in the timeline to inspect it: ↑ ↓ move, → ← open and close a message’s fragments, Esc clears.</p>;
  } else if (!entry) {
    content = <p className="inspector-empty">Row {selected.seq} is no longer held.</p>;
  } else if (entry.kind === 'frame') {
    const version = log.groups.of(row) >= 0 ? revision : 0;
    content = <FrameInspector key={`${sessionId}/${entry.seq}/${selected.message}/${log.generation}`} sessionId={sessionId} log={log} row={row} frame={entry} messageChosen={selected.message} version={version} />;
  } else if (entry.kind === 'handshake') {
    content = <HandshakeInspector entry={entry} />;
  } else {
    content = <EventInspector entry={entry} />;
  }
  return (
    <section role="region" aria-label="Frame inspector" className="inspector">
      {content}
    </section>
  );
}
