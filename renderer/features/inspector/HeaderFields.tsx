import { useId, type KeyboardEvent } from 'react';
import { flattenFields, type FrameField } from './frame-fields';

interface Props {
  fields: FrameField[];
  selected: string | null;
  onSelect(id: string): void;
}

/**
 * The decoded header as a tree (Wireshark's detail pane): each field's name labels its
 * value, so `getByLabel('Opcode')` finds "0x1 text"; its bits or bytes and its RFC
 * section beside it. Choosing a field highlights its bytes in the hex dump.
 */
export function HeaderFields({ fields, selected, onSelect }: Props) {
  const prefix = useId();
  const flat = flattenFields(fields);
  const onKeyDown = (event: KeyboardEvent) => {
    const at = flat.findIndex((field) => field.id === selected);
    const next = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : null;
    if (next === null || !flat[next]) return;
    event.preventDefault();
    event.stopPropagation();
    onSelect(flat[next].id);
  };
  const item = (field: FrameField, level: number) => {
    const nameId = `${prefix}-${field.id}`;
    return (
      <li
        key={field.id}
        role="treeitem"
        aria-level={level}
        aria-selected={field.id === selected}
        aria-expanded={field.children && field.children.length > 0 ? true : undefined}
        className={`field${field.problem ? ' has-problem' : ''}`}
        title={`${field.name} (${sectionText(field.section)}): ${field.explanation}`}
        onClick={(event) => {
          event.stopPropagation();
          onSelect(field.id);
        }}
      >
        <div className="field-line">
          <span className="field-name" id={nameId}>
            {field.name}
          </span>
          <span className="field-value" role="definition" aria-labelledby={nameId}>
            {field.value}
          </span>
          {field.bits && <span className="field-bits">{field.bits}</span>}
          <span className="field-section">{field.section}</span>
        </div>
        {field.detail && <div className="field-detail">{field.detail}</div>}
        {field.problem && <div className="field-problem">⚠ {field.problem}</div>}
        {field.children && field.children.length > 0 && <ul role="group">{field.children.map((child) => item(child, level + 1))}</ul>}
      </li>
    );
  };
  return (
    <ul role="tree" aria-label="Header fields" className="fields" tabIndex={0} onKeyDown={onKeyDown}>
      {fields.map((field) => item(field, 1))}
    </ul>
  );
}

/** What the selected field is, from the RFC. */
export function FieldExplanation({ field }: { field: FrameField | undefined }) {
  if (!field) return <p className="field-explanation muted">Choose a field, or a byte in the dump, to see what it means and where it sits.</p>;
  return (
    <p className="field-explanation">
      <strong>{field.name}</strong> <span className="field-section">{sectionText(field.section)}</span> — {field.explanation}
      {field.detail && ` ${field.detail}`}
      {field.start !== undefined && field.end !== undefined && (
        <span className="muted">
          {' '}
          Bytes {field.start}–{field.end - 1}.
        </span>
      )}
    </p>
  );
}

/** "§5.2" is RFC 6455's; other RFCs name themselves. */
function sectionText(section: string): string {
  return section.startsWith('RFC') ? section : `RFC 6455 ${section}`;
}
