import { useEffect, useRef, type MouseEvent } from 'react';
import { byteHex } from '../../format/payload-text';
import { useVirtualRows } from '../../ui/use-virtual-rows';

const BYTES_PER_ROW = 16;
const ROW_HEIGHT = 18;

interface Props {
  label: string;
  bytes: Uint8Array;
  /** Leading bytes that are the frame header, drawn apart from the payload. */
  headerLength?: number;
  /** The selected field's bytes, [start, end), highlighted. */
  highlight?: { start: number; end: number } | null;
  onByte?(offset: number): void;
}

/**
 * offset | hex | ASCII, sixteen bytes a row, windowed like the timeline so a 16 MiB
 * payload draws only what is in view. A grid: each byte is a cell, selected when its
 * field is; clicking a byte (hex or ASCII) reports its offset.
 */
export function HexDump({ label, bytes, headerLength = 0, highlight = null, onByte }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowCount = Math.ceil(bytes.length / BYTES_PER_ROW);
  const rows = useVirtualRows({ scroller, count: rowCount, rowHeight: ROW_HEIGHT, overscan: 4, pinToEnd: false });
  const offsetDigits = Math.max(4, Math.max(0, bytes.length - 1).toString(16).length);
  const highlightStart = highlight?.start ?? -1;
  const { reveal } = rows;

  // A field chosen elsewhere scrolls its first byte into view; `reveal` changes with every scroll, and must not re-run this.
  const revealRef = useRef(reveal);
  revealRef.current = reveal;
  useEffect(() => {
    if (highlightStart >= 0) revealRef.current(Math.floor(highlightStart / BYTES_PER_ROW));
  }, [highlightStart]);

  const onClick = (event: MouseEvent) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-offset]');
    if (cell && onByte) onByte(Number(cell.dataset.offset));
  };

  const lit = (offset: number) => highlight !== null && offset >= highlight.start && offset < highlight.end;
  const drawn = [];
  for (let row = rows.first; row < rows.last; row++) {
    const start = row * BYTES_PER_ROW;
    const end = Math.min(bytes.length, start + BYTES_PER_ROW);
    const hex = [];
    const ascii = [];
    for (let offset = start; offset < end; offset++) {
      const byte = bytes[offset];
      const classes = `${offset < headerLength ? 'hb-header' : ''}${lit(offset) ? ' lit' : ''}`;
      hex.push(
        <span role="gridcell" key={offset} data-offset={offset} aria-selected={lit(offset)} className={`hb ${classes}`}>
          {byteHex(byte)}
        </span>,
      );
      ascii.push(
        <span key={offset} data-offset={offset} className={classes}>
          {byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.'}
        </span>,
      );
    }
    drawn.push(
      <div role="row" key={row} className="hex-row">
        <span role="rowheader" className="hex-offset">
          {start.toString(16).padStart(offsetDigits, '0')}
        </span>
        <span className="hex-bytes">{hex}</span>
        <span role="gridcell" className="hex-ascii">
          {ascii}
        </span>
      </div>,
    );
  }

  return (
    <div role="grid" aria-label={label} aria-rowcount={rowCount} className="hexdump" ref={scroller} onScroll={rows.onScroll} onClick={onClick}>
      <div style={{ height: rows.height, position: 'relative' }}>
        <div style={{ transform: `translateY(${rows.offset}px)` }}>{drawn}</div>
      </div>
    </div>
  );
}
