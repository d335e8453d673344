import { useCallback, useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';

/**
 * Past this height a scrolling element is scaled: browsers stop laying out tall elements
 * somewhere between 17 (Firefox) and 33 (Chromium) million pixels, and a million rows
 * are twenty.
 */
const MAX_SCROLL_PX = 15_000_000;

export interface VirtualRows {
  /** The rows to draw: [first, last). */
  first: number;
  last: number;
  /** Where, inside the spacer, row `first` goes (a translateY for the drawn block). */
  offset: number;
  /** The spacer's height: what the scroll bar spans. */
  height: number;
  /** The rows the viewport holds. */
  pageRows: number;
  onScroll(): void;
  /** Scroll just enough to show `index`. */
  reveal(index: number): void;
}

interface Options {
  scroller: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  overscan: number;
  /** Keep the last row in view as rows arrive. */
  pinToEnd: boolean;
  /** The user scrolled: `atEnd` when the last row is in view. */
  onUserScroll?(atEnd: boolean): void;
}

/**
 * Windowed rows over a native scroll bar (TanStack Virtual's idea, with react-virtualized's
 * scaling past MAX_SCROLL_PX): only the rows in view, plus a few, are in the DOM. The scroll
 * position is kept in a ref, so following the newest rows costs no render of its own.
 */
export function useVirtualRows({ scroller, count, rowHeight, overscan, pinToEnd, onUserScroll }: Options): VirtualRows {
  const [viewport, setViewport] = useState(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  /** The element's scrollTop as last seen or set: a ref, so that pinning to the end costs no extra render. */
  const position = useRef(0);
  /** The scrollTop this hook set itself, whose scroll event is not the user's. */
  const applied = useRef(-1);

  const real = count * rowHeight;
  const height = Math.min(real, MAX_SCROLL_PX);
  const maxTop = Math.max(0, height - viewport);
  // Scaled: one pixel of scroll bar stands for `ratio` pixels of rows.
  const ratio = height > viewport ? (real - viewport) / (height - viewport) : 1;
  const top = pinToEnd ? maxTop : Math.min(position.current, maxTop);
  const realTop = top * ratio;
  const first = Math.max(0, Math.floor(realTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((realTop + viewport) / rowHeight) + overscan);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, [scroller]);

  // Pinned, the rows just drawn are the last ones: put the scroll bar at the end to match.
  // Written, never read back: a read here would force a synchronous layout on every render.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || !pinToEnd || position.current === maxTop) return;
    element.scrollTop = maxTop;
    applied.current = position.current = maxTop;
  });

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element || element.scrollTop === applied.current) return;
    applied.current = -1;
    position.current = element.scrollTop;
    rerender();
    onUserScroll?.(element.scrollTop >= element.scrollHeight - element.clientHeight - 2);
  }, [scroller, onUserScroll]);

  const reveal = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (!element) return;
      const rowTop = index * rowHeight;
      const above = rowTop < realTop;
      if (!above && rowTop + rowHeight <= realTop + viewport) return;
      const wanted = above ? rowTop : rowTop + rowHeight - viewport;
      const next = Math.min(maxTop, Math.max(0, wanted / ratio));
      element.scrollTop = next;
      applied.current = position.current = element.scrollTop;
      rerender();
    },
    [scroller, rowHeight, realTop, viewport, maxTop, ratio],
  );

  return { first, last, offset: first * rowHeight - realTop + top, height, pageRows: Math.max(1, Math.floor(viewport / rowHeight)), onScroll, reveal };
}
