import { useState } from 'react';
import { useWorkbench } from '../../app/store-context';
import { CheckField } from '../session-options/Fields';
import { PathDialog } from './PathDialog';

interface Props {
  onClose(): void;
}

/** Save the workspace to a path of the user's choice, with or without the captured timelines. */
export function SaveWorkspaceDialog({ onClose }: Props) {
  const current = useWorkbench((state) => state.workspace?.path ?? '');
  const lastChoice = useWorkbench((state) => state.includeCaptures);
  const saveWorkspace = useWorkbench((state) => state.saveWorkspace);
  const [includeCaptures, setIncludeCaptures] = useState(lastChoice);
  const save = async (path: string) => {
    const done = await saveWorkspace(path, includeCaptures);
    if (done) onClose();
    return done;
  };
  return (
    <PathDialog title="Save workspace" submitLabel="Save" initialPath={current} placeholder="/home/me/probe.wsb.json" onSubmit={save} onCancel={onClose}>
      {() => <CheckField label="Save captures with the workspace" checked={includeCaptures} onChange={setIncludeCaptures} title="Every session's timeline, payloads included: the file can get large." />}
    </PathDialog>
  );
}
