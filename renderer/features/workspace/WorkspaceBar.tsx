import { useState } from 'react';
import type { PathPurpose } from '../../../shared/api';
import { useWorkbench } from '../../app/store-context';
import { DiscardChangesDialog } from './DiscardChangesDialog';
import { ExportTimelineDialog } from './ExportTimelineDialog';
import { OpenWorkspaceDialog } from './OpenWorkspaceDialog';
import { PathDialog } from './PathDialog';
import { SaveWorkspaceDialog } from './SaveWorkspaceDialog';
import { useUnsavedChangesGuard, useWorkspaceSync } from './use-workspace-lifecycle';
import './workspace.css';

type OpenDialog = 'open' | 'save' | 'export' | 'import' | 'discard-then-new' | 'discard-then-open';

/**
 * The workspace's name and its unsaved state; New, Open, Save, Save as; the selected
 * timeline's export and HAR import. Paths are typed in dialogs, since the files live on
 * the machine that runs the host. Keeps the workspace in step while mounted.
 */
export function WorkspaceBar() {
  const status = useWorkbench((state) => state.workspace);
  const includeCaptures = useWorkbench((state) => state.includeCaptures);
  const newWorkspace = useWorkbench((state) => state.newWorkspace);
  const saveWorkspace = useWorkbench((state) => state.saveWorkspace);
  const importHar = useWorkbench((state) => state.importHar);
  const openWorkspace = useWorkbench((state) => state.openWorkspace);
  const choosePath = useWorkbench((state) => state.choosePath);
  const hasSelection = useWorkbench((state) => state.selectedSessionId !== null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const dirty = status?.dirty === true;
  useWorkspaceSync();
  useUnsavedChangesGuard(dirty);

  const act = (next: OpenDialog | (() => Promise<boolean>)) => {
    setNote(null);
    if (typeof next === 'function') void next();
    else setDialog(next);
  };
  const close = () => setDialog(null);
  const path = status?.path ?? null;
  /** Electron answers with its native file dialog; in browser mode the page's own dialog asks. */
  const pick = async (purpose: PathPurpose, inApp: OpenDialog, then: (chosen: string) => Promise<boolean>) => {
    setNote(null);
    const choice = await choosePath(purpose);
    if (choice === null) return;
    if (!choice.native) setDialog(inApp);
    else if (choice.path !== null) await then(choice.path);
  };
  const pickWorkspaceToOpen = () => void pick('open-workspace', 'open', openWorkspace);
  const pickWhereToSave = () => void pick('save-workspace', 'save', (chosen) => saveWorkspace(chosen, includeCaptures));

  return (
    <div className="workspace-bar" role="group" aria-label="Workspace">
      <span className="workspace-name" title={path ?? 'Not saved yet'}>
        {path === null ? 'Untitled workspace' : path.split(/[\\/]/).pop()}
        {dirty && <span className="workspace-dirty"> · unsaved changes</span>}
      </span>
      <button type="button" onClick={() => act(dirty ? 'discard-then-new' : newWorkspace)}>
        New workspace
      </button>
      <button type="button" onClick={() => (dirty ? act('discard-then-open') : pickWorkspaceToOpen())}>
        Open workspace
      </button>
      <button type="button" onClick={() => (path === null ? pickWhereToSave() : act(() => saveWorkspace(undefined, includeCaptures)))}>
        Save workspace
      </button>
      <button type="button" onClick={pickWhereToSave}>
        Save as…
      </button>
      <span className="workspace-separator" aria-hidden="true" />
      <button type="button" disabled={!hasSelection} title={hasSelection ? undefined : 'Choose a session in the sidebar to export its timeline.'} onClick={() => act('export')}>
        Export timeline
      </button>
      <button type="button" onClick={() => void pick('import-har', 'import', importHar)}>
        Import HAR
      </button>
      {note && (
        <span className="workspace-note" aria-live="polite">
          {note}
        </span>
      )}

      {dialog === 'discard-then-new' && (
        <DiscardChangesDialog
          then="start a new workspace"
          onCancel={close}
          onDiscard={() => {
            close();
            void newWorkspace();
          }}
        />
      )}
      {dialog === 'discard-then-open' && (
        <DiscardChangesDialog
          then="open another workspace"
          onCancel={close}
          onDiscard={() => {
            close();
            pickWorkspaceToOpen();
          }}
        />
      )}
      {dialog === 'open' && <OpenWorkspaceDialog onClose={close} />}
      {dialog === 'save' && <SaveWorkspaceDialog onClose={close} />}
      {dialog === 'export' && <ExportTimelineDialog onClose={close} onExported={setNote} />}
      {dialog === 'import' && (
        <PathDialog
          title="Import HAR"
          submitLabel="Import"
          placeholder="/home/me/capture.har"
          onCancel={close}
          onSubmit={async (harPath) => {
            const done = await importHar(harPath);
            if (done) close();
            return done;
          }}
        />
      )}
    </div>
  );
}
