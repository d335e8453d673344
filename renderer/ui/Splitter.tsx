import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import './splitter.css';

interface Props {
  label: string;
  /** 'vertical' sits between side-by-side panes; 'horizontal' between stacked ones. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** The pane grows when the pointer moves left (or up) instead: it sits after the handle. */
  inverted?: boolean;
  onChange(value: number): void;
}

const STEP = 16;
const BIG_STEP = 64;

/**
 * A drag handle between two panes: drag it, or focus it and use the arrow keys (Shift
 * for bigger steps), Home and End. An ARIA window splitter with its value in pixels.
 */
export function Splitter({ label, orientation, value, min, max, inverted = false, onChange }: Props) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const sign = inverted ? -1 : 1;
  const position = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: position(event), value };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (drag.current) onChange(drag.current.value + sign * (position(event) - drag.current.start));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const [less, more] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    const moves: Record<string, number> = { [less]: value - sign * step, [more]: value + sign * step, Home: min, End: max };
    if (!(event.key in moves)) return;
    event.preventDefault();
    // Home and End are the timeline's too: the handle keeps them.
    event.stopPropagation();
    onChange(moves[event.key]);
  };

  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter ${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
