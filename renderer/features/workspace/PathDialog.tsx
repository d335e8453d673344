import { useId, useState, type ReactNode } from 'react';
import { useWorkbench } from '../../app/store-context';
import { ModalDialog } from './ModalDialog';

interface Props {
  title: string;
  submitLabel: string;
  initialPath?: string;
  placeholder: string;
  /** Resolves true when done, and the dialog is closed by its owner; false keeps it open to fix the path. */
  onSubmit(path: string): Promise<boolean>;
  onCancel(): void;
  /** Shown under the path, e.g. the format or the recent files; `path` is what the box holds now. */
  children?: (path: string, setPath: (path: string) => void) => ReactNode;
}

/** A file path on the machine that runs the host (the main process, or browser mode's host), typed in a modal. */
export function PathDialog({ title, submitLabel, initialPath = '', placeholder, onSubmit, onCancel, children }: Props) {
  const [path, setPath] = useState(initialPath);
  const [busy, setBusy] = useState(false);
  const showError = useWorkbench((state) => state.showError);
  const id = useId();

  const submit = async () => {
    if (path.trim() === '') {
      showError('Type the path of a file on the machine that runs the workbench host.');
      return;
    }
    setBusy(true);
    const done = await onSubmit(path.trim());
    if (!done) setBusy(false);
  };

  return (
    <ModalDialog title={title} submitLabel={submitLabel} busy={busy} onSubmit={() => void submit()} onCancel={onCancel}>
      <div className="field">
        <label htmlFor={id}>Path</label>
        <input id={id} type="text" className="mono" value={path} placeholder={placeholder} autoFocus spellCheck={false} autoComplete="off" onChange={(event) => setPath(event.target.value)} />
      </div>
      <p className="options-hint">A file on the machine that runs the workbench host.</p>
      {children?.(path, setPath)}
    </ModalDialog>
  );
}
