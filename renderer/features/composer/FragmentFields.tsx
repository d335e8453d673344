import { useId } from 'react';
import { MAX_FRAGMENTS, type FragmentForm } from './fragments';

interface Props {
  value: FragmentForm;
  onChange(value: FragmentForm): void;
  /** Why fragmenting is off for this target (a broadcast sends whole messages), or null. */
  disabledWhy: string | null;
}

/** Manual fragmentation (RFC 6455 §5.4): how many frames or where to cut, a ping between them, a pause. */
export function FragmentFields({ value, onChange, disabledWhy }: Props) {
  const ids = { fragments: useId(), splitAt: useId(), delay: useId() };
  const set = (change: Partial<FragmentForm>) => onChange({ ...value, ...change });
  const disabled = disabledWhy !== null;
  const byOffsets = value.splitAt.trim() !== '';
  return (
    <fieldset className="fragment-fields" aria-label="Frames" disabled={disabled} title={disabledWhy ?? undefined}>
      <label htmlFor={ids.fragments}>Fragments</label>
      <input
        id={ids.fragments}
        type="number"
        min={1}
        max={MAX_FRAGMENTS}
        value={value.fragments}
        disabled={byOffsets}
        title={byOffsets ? 'Set by the split offsets' : undefined}
        onChange={(event) => set({ fragments: event.target.value })}
      />
      <label htmlFor={ids.splitAt}>Split at</label>
      <input id={ids.splitAt} type="text" value={value.splitAt} placeholder="3, 7" title="Byte offsets to cut at" spellCheck={false} onChange={(event) => set({ splitAt: event.target.value })} />
      <label htmlFor={ids.delay}>Delay</label>
      <span className="with-unit">
        <input id={ids.delay} type="text" inputMode="numeric" value={value.delayMs} placeholder="0" onChange={(event) => set({ delayMs: event.target.value })} />
        ms
      </span>
      <label className="check ping-between" title="A ping between each two fragments (RFC 6455 §5.4 allows control frames there)">
        <input type="checkbox" checked={value.pingBetween} onChange={(event) => set({ pingBetween: event.target.checked })} />
        Ping between fragments
      </label>
    </fieldset>
  );
}
