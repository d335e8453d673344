import { useId, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  title: string;
  submitLabel: string;
  /** The submit button warns: it throws something away. */
  danger?: boolean;
  busy?: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A modal form over the app, outside the toolbar that opened it: Enter submits, Escape or a click outside cancels. */
export function ModalDialog({ title, submitLabel, danger, busy, onSubmit, onCancel, children }: Props) {
  const titleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
        <form onSubmit={submit}>
          <h2 id={titleId}>{title}</h2>
          {children}
          <div className="modal-actions">
            {/* Where a slip of the Enter key would throw something away, Cancel has the focus. */}
            <button type="button" autoFocus={danger} onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
              {submitLabel}
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
