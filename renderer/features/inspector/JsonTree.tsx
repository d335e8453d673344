import { useState } from 'react';

/** Children drawn per object or array before a "more" button: a 100,000-element array stays quick to open. */
const PAGE = 200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON value as a collapsible tree, the first two levels open. */
export function JsonTree({ value }: { value: Json }) {
  return (
    <ul role="tree" aria-label="JSON" className="json-tree">
      <JsonNode name={null} value={value} depth={0} />
    </ul>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: Json; depth: number }) {
  const [open, setOpen] = useState(depth < 2);
  const [shown, setShown] = useState(PAGE);
  const label = name === null ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <li role="treeitem" aria-level={depth + 1}>
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </li>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <li role="treeitem" aria-level={depth + 1} aria-expanded={open}>
      <button type="button" className="json-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span className="json-summary">{summary}</span>
      {open && (
        <ul role="group">
          {entries.slice(0, shown).map(([key, item]) => (
            <JsonNode key={key} name={key} value={item} depth={depth + 1} />
          ))}
          {entries.length > shown && (
            <li>
              <button type="button" className="json-more" onClick={() => setShown(shown + PAGE)}>
                {entries.length - shown} more…
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The text as JSON, or why it is not. */
export function parseJson(text: string): { value: Json } | { error: string } {
  try {
    return { value: JSON.parse(text) as Json };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
