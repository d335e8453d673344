import { memo } from 'react';
import type { TimelineLog } from '../../store/timeline-log';
import { describeRow } from './describe-row';

interface Props {
  log: TimelineLog;
  /** The shown row (see TimelineView), the one above it (-1 for none), and its place in the list. */
  value: number;
  previous: number;
  index: number;
  selected: boolean;
  /** Changes whenever what this row shows may have changed (row numbers renumbered, a message's fragments). */
  version: number;
}

/** One timeline row. Memoised: a frame's row never changes, so scrolling renders only the rows that came into view. */
export const TimelineRow = memo(function TimelineRow({ log, value, previous, index, selected }: Props) {
  const cells = describeRow(log, value, previous);
  const classes = ['tl-row', `tone-${cells.tone}`, cells.direction === '→' ? 'out' : cells.direction === '←' ? 'in' : '', cells.fragment ? 'fragment' : '', cells.message ? 'message' : '', index % 2 === 1 ? 'odd' : ''];
  return (
    <div
      role="row"
      id={`tl-row-${index}`}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-expanded={cells.message ? cells.message.expanded : undefined}
      className={classes.join(' ')}
    >
      <span role="gridcell" className="c-seq">
        {cells.seq}
      </span>
      <span role="gridcell" className="c-time">
        {cells.time}
      </span>
      <span role="gridcell" className="c-delta">
        {cells.delta}
      </span>
      <span role="gridcell" className="c-dir" title={cells.directionTitle}>
        {cells.direction}
      </span>
      <span role="gridcell" className="c-opcode">
        {cells.message && (
          <span className="disclosure" aria-hidden="true" title={`${cells.message.expanded ? 'Hide' : 'Show'} the fragments (→ ←, or double-click the row)`} />
        )}
        {cells.opcode}
      </span>
      <span role="gridcell" className="c-fin">
        {cells.fin}
      </span>
      <span role="gridcell" className="c-rsv">
        {cells.rsv}
      </span>
      <span role="gridcell" className="c-mask">
        {cells.mask}
      </span>
      <span role="gridcell" className="c-length">
        {cells.length}
      </span>
      <span role="gridcell" className="c-preview">
        {cells.preview}
        {cells.notes.map((note) => (
          <span key={note} className="tl-note">
            {note}
          </span>
        ))}
      </span>
    </div>
  );
});

export const COLUMNS = ['#', 'Time', 'Δ', 'Dir', 'Opcode', 'FIN', 'RSV', 'MASK', 'Length', 'Preview'];
export const COLUMN_TITLES: Record<string, string> = {
  '#': 'Sequence number in the session',
  Δ: 'Time since the row above',
  Dir: '→ sent, ← received',
  FIN: 'FIN bit: 1 on the last frame of a message (RFC 6455 §5.2)',
  RSV: 'RSV1 RSV2 RSV3 bits (RFC 6455 §5.2); RSV1 marks a compressed message (RFC 7692)',
  MASK: 'MASK bit: 1 when the payload is masked, as every client frame must be (RFC 6455 §5.3)',
  Length: 'Payload length in bytes, as the header declares it',
};
