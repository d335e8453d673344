import { useId, useMemo, useState } from 'react';
import { bytesToBase64 } from '../../api/bytes';
import { byteSize, count, decodeText, toHexString } from '../../format/payload-text';
import { CopyButton } from '../../ui/CopyButton';
import { HexDump } from './HexDump';
import { JsonTree, parseJson } from './JsonTree';
import type { PayloadAtHand } from './use-payload';

type View = 'text' | 'json' | 'hex' | 'base64';
const VIEWS: { id: View; name: string }[] = [
  { id: 'text', name: 'Text' },
  { id: 'json', name: 'JSON' },
  { id: 'hex', name: 'Hex' },
  { id: 'base64', name: 'Base64' },
];
/** Text drawn at most: the copy button still copies all of it. */
const DRAWN_CHARS = 200_000;

interface Props {
  payload: PayloadAtHand;
  /** What the bytes are: "this frame's payload", "the reassembled message"… */
  what: string;
  /** Text-like payloads open on the Text view, others on Hex (unless the user chose). */
  textual: boolean;
  compressed: boolean;
}

/** The payload four ways, each with its copy button; the rest loads on demand. */
export function PayloadViews({ payload, what, textual, compressed }: Props) {
  const [chosen, setChosen] = useState<View | null>(null);
  const view = chosen ?? (textual ? 'text' : 'hex');
  const prefix = useId();
  const { bytes } = payload;
  return (
    <div className="payload-views">
      <div className="payload-bar">
        <div role="tablist" aria-label="Payload view" className="tabs">
          {VIEWS.map(({ id, name }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`${prefix}-${id}`}
              aria-selected={view === id}
              aria-controls={`${prefix}-panel`}
              tabIndex={view === id ? 0 : -1}
              onClick={() => setChosen(id)}
            >
              {name}
            </button>
          ))}
        </div>
        <CopyButton what={`${VIEWS.find((entry) => entry.id === view)?.name ?? ''} of ${what}`} text={() => copyAs(view, bytes)} />
      </div>
      <PayloadStatus payload={payload} what={what} compressed={compressed} />
      <div role="tabpanel" id={`${prefix}-panel`} aria-labelledby={`${prefix}-${view}`} className={`payload-panel view-${view}`}>
        {view === 'hex' ? <HexDump label="Payload bytes" bytes={bytes} /> : <PanelText view={view} bytes={bytes} />}
      </div>
    </div>
  );
}

function PanelText({ view, bytes }: { view: Exclude<View, 'hex'>; bytes: Uint8Array }) {
  const text = useMemo(() => (view === 'base64' ? bytesToBase64(bytes) : decodeText(bytes)), [view, bytes]);
  const json = useMemo(() => (view === 'json' ? parseJson(text) : null), [view, text]);
  if (bytes.length === 0) return <p className="muted">No payload bytes.</p>;
  if (json !== null) return 'error' in json ? <p className="muted">Not JSON: {json.error}</p> : <JsonTree value={json.value} />;
  return (
    <pre className={view === 'base64' ? 'wrap-all' : undefined}>
      {text.length > DRAWN_CHARS ? `${text.slice(0, DRAWN_CHARS)}\n… ${count(text.length - DRAWN_CHARS)} more characters (Copy takes them all)` : text}
    </pre>
  );
}

function PayloadStatus({ payload, what, compressed }: { payload: PayloadAtHand; what: string; compressed: boolean }) {
  const notes = [];
  if (compressed) notes.push(<span key="deflate">Compressed with permessage-deflate: these are the bytes on the wire.</span>);
  if (!payload.complete) {
    notes.push(
      <span key="partial">
        Showing {count(payload.bytes.length)} of {count(payload.total)} bytes of {what}.
      </span>,
    );
  }
  if (payload.problem) notes.push(<span key="problem">{payload.problem.charAt(0).toUpperCase() + payload.problem.slice(1)}.</span>);
  if (payload.loading) notes.push(<span key="loading">Loading…</span>);
  if (notes.length === 0 && !payload.load) return null;
  return (
    <p className="payload-status">
      {notes}
      {payload.load && (
        <button type="button" onClick={payload.load}>
          Load all ({byteSize(payload.total)})
        </button>
      )}
    </p>
  );
}

function copyAs(view: View, bytes: Uint8Array): string {
  if (view === 'hex') return toHexString(bytes);
  if (view === 'base64') return bytesToBase64(bytes);
  const text = decodeText(bytes);
  if (view === 'json') {
    const parsed = parseJson(text);
    return 'value' in parsed ? JSON.stringify(parsed.value, null, 2) : text;
  }
  return text;
}
