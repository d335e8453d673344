import { useState } from 'react';
import type { CraftedFrame } from '../../../shared/crafted-frame';
import { useWorkbench } from '../../app/store-context';
import type { PeerRole } from '../../store/crafter-slice';
import { TextField } from '../session-options/Fields';
import { summarizeFrame } from './frame-summary';

interface Props {
  /** The frame in the form, or the sentence saying what to fix first. */
  current: CraftedFrame | string;
  role: PeerRole;
  onLoad(frame: CraftedFrame): void;
}

/** The workspace's library of named frames: save the one in the form, load one back. */
export function SavedFrames({ current, role, onLoad }: Props) {
  const [name, setName] = useState('');
  const frames = useWorkbench((state) => state.craftedFrames);
  const saveCraftedFrame = useWorkbench((state) => state.saveCraftedFrame);
  const deleteCraftedFrame = useWorkbench((state) => state.deleteCraftedFrame);
  const showError = useWorkbench((state) => state.showError);

  const save = () => {
    if (typeof current === 'string') showError(current);
    else if (name.trim() === '') showError('Name the frame to save it.');
    else {
      saveCraftedFrame(name.trim(), current);
      showError(null);
    }
  };

  return (
    <fieldset className="crafter-group">
      <legend>Saved frames</legend>
      <div className="crafter-row">
        <TextField label="Frame name" value={name} placeholder="oversized ping" onChange={setName} />
        <button type="button" onClick={save}>
          Save frame
        </button>
      </div>
      {frames.length > 0 && (
        <ul className="crafter-saved" aria-label="Saved frames">
          {frames.map((saved) => (
            <li key={saved.id}>
              <span className="crafter-saved-name">{saved.name}</span>
              <span className="crafter-summary mono">{summarizeFrame(saved.frame, role)}</span>
              <button type="button" aria-label={`Load saved frame ${saved.name}`} onClick={() => onLoad(saved.frame)}>
                Load
              </button>
              <button type="button" className="icon" aria-label={`Delete saved frame ${saved.name}`} onClick={() => deleteCraftedFrame(saved.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
