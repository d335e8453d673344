import { useCallback, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useWorkbench } from '../../app/store-context';
import type { TimelineLog } from '../../store/timeline-log';
import { useVirtualRows } from '../../ui/use-virtual-rows';
import { COLUMN_TITLES, COLUMNS, TimelineRow } from './TimelineRow';

export const ROW_HEIGHT = 20;
const OVERSCAN = 8;

interface Props {
  log: TimelineLog | undefined;
  /** The session's revision: a new one means rows arrived or the view changed. */
  revision: number;
}

/**
 * The rows as an ARIA grid, windowed: a million rows put forty in the DOM. The grid
 * holds the focus and moves the selection with the keyboard (↑ ↓ PgUp PgDn Home End;
 * → expands a message's fragments, ← collapses them).
 */
export function TimelineGrid({ log, revision }: Props) {
  const following = useWorkbench((state) => state.followNewest);
  const setFollowNewest = useWorkbench((state) => state.setFollowNewest);
  const selected = useWorkbench((state) => state.selectedEntry);
  const selectEntry = useWorkbench((state) => state.selectEntry);
  const scroller = useRef<HTMLDivElement>(null);
  const view = log?.view;
  const count = view?.length ?? 0;
  const onUserScroll = useCallback((atEnd: boolean) => setFollowNewest(atEnd), [setFollowNewest]);
  const rows = useVirtualRows({ scroller, count, rowHeight: ROW_HEIGHT, overscan: OVERSCAN, pinToEnd: following, onUserScroll });
  const selectedIndex = selected && view ? view.indexOf(selected.seq, selected.message) : -1;

  const selectIndex = (index: number) => {
    if (!log || !view || count === 0) return;
    const clamped = Math.min(count - 1, Math.max(0, index));
    const value = view.at(clamped);
    selectEntry({ seq: log.seqAt(value >>> 1), message: (value & 1) === 0 });
    setFollowNewest(false);
    rows.reveal(clamped);
  };

  /** The message row at `index`: its fragments shown or hidden. */
  const toggleAt = (index: number, expand?: boolean) => {
    if (!log || !view) return false;
    const value = view.at(index);
    if ((value & 1) !== 0) return false;
    const group = log.groups.of(value >>> 1);
    if (expand !== undefined && view.isExpanded(group) === expand) return false;
    view.toggle(group);
    return true;
  };

  /** ← on a fragment: back to its message's row, closing it (a tree's "go to parent"). */
  const collapseParent = (index: number) => {
    if (!log || !view) return;
    const value = view.at(index);
    const group = log.groups.of(value >>> 1);
    if ((value & 1) === 0 || group < 0) return;
    const first = log.groups.firstRow(group);
    selectEntry({ seq: log.seqAt(first), message: true });
    view.toggle(group);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const at = selectedIndex >= 0 ? selectedIndex : -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => selectIndex(at + 1),
      ArrowUp: () => selectIndex(at < 0 ? count - 1 : at - 1),
      PageDown: () => selectIndex(at + rows.pageRows),
      PageUp: () => selectIndex(at - rows.pageRows),
      Home: () => selectIndex(0),
      End: () => setFollowNewest(true),
      ArrowRight: () => at >= 0 && toggleAt(at, true),
      ArrowLeft: () => at >= 0 && !toggleAt(at, false) && collapseParent(at),
      Enter: () => at >= 0 && toggleAt(at),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    // End is also the app's shortcut: handled here, it must not run twice.
    event.stopPropagation();
    action();
  };

  const onClick = (event: MouseEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role=row][data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    // A click on a message's triangle opens or closes it; anywhere else on the row selects.
    if ((event.target as HTMLElement).closest('.disclosure') && toggleAt(index)) return;
    selectIndex(index);
  };

  const onDoubleClick = (event: MouseEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role=row][data-index]');
    if (row && !(event.target as HTMLElement).closest('.disclosure')) toggleAt(Number(row.dataset.index));
  };

  const drawn = [];
  if (log && view) {
    for (let index = rows.first; index < rows.last; index++) {
      const value = view.at(index);
      const isMessage = (value & 1) === 0;
      drawn.push(
        <TimelineRow
          // Following a flood, every drawn row is new at each update: keyed by its place, the
          // row elements are reused and only their text changes. Otherwise keyed by what they
          // show, so that scrolling one row mounts one row.
          key={following ? index - rows.first : value}
          log={log}
          value={value}
          previous={index > 0 ? view.at(index - 1) : -1}
          index={index}
          selected={index === selectedIndex}
          version={isMessage ? revision : log.generation}
        />,
      );
    }
  }

  return (
    <div
      role="grid"
      aria-label="Timeline"
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={view !== undefined && view.progress !== null}
      aria-activedescendant={selectedIndex >= rows.first && selectedIndex < rows.last ? `tl-row-${selectedIndex}` : undefined}
      className="tl-grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="tl-head">
        <div role="row" aria-rowindex={1} className="tl-row">
          {COLUMNS.map((name) => (
            <span role="columnheader" key={name} title={COLUMN_TITLES[name]}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={scroller} className="tl-body" onScroll={rows.onScroll} onClick={onClick} onDoubleClick={onDoubleClick}>
        <div className="tl-spacer" style={{ height: rows.height }}>
          <div className="tl-window" style={{ transform: `translateY(${rows.offset}px)` }}>
            {drawn}
          </div>
        </div>
      </div>
    </div>
  );
}
