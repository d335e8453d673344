import { useEffect, useState } from 'react';
import { copyText } from './copy-text';

/** "Copy", then "Copied" (or why not) for a moment. `text` is computed on click: a large payload is not stringified until asked. */
export function CopyButton({ what, text }: { what: string; text: () => string }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), 1500);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <button
      type="button"
      className="copy"
      aria-label={`Copy ${what}`}
      title={`Copy ${what}`}
      onClick={() =>
        copyText(text()).then(
          () => setOutcome('Copied'),
          (error: unknown) => setOutcome(error instanceof Error ? error.message : String(error)),
        )
      }
    >
      {outcome ?? 'Copy'}
    </button>
  );
}
