import { ModalDialog } from './ModalDialog';

interface Props {
  /** What discarding leads to: "start a new workspace", "open another workspace". */
  then: string;
  onDiscard(): void;
  onCancel(): void;
}

/** Asked before the unsaved changes of the workspace are thrown away. */
export function DiscardChangesDialog({ then, onDiscard, onCancel }: Props) {
  return (
    <ModalDialog title="Discard unsaved changes?" submitLabel="Discard changes" danger onSubmit={onDiscard} onCancel={onCancel}>
      <p>This workspace has changes that were not saved. Discard them and {then}?</p>
    </ModalDialog>
  );
}
