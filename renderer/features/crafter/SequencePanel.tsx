import { useState } from 'react';
import { useWorkbench } from '../../app/store-context';
import type { PeerRole } from '../../store/crafter-slice';
import { TextField } from '../session-options/Fields';
import { InputError } from '../session-options/input-error';
import { summarizeFrame } from './frame-summary';
import { toDraftSteps, toSequenceSteps, type DraftStep } from './sequence-draft';

interface Props {
  steps: DraftStep[];
  onChange(steps: DraftStep[]): void;
  role: PeerRole;
}

/** The sequence being built (frames with a delay before each), sent as one run; and the saved ones. */
export function SequencePanel({ steps, onChange, role }: Props) {
  const [name, setName] = useState('');
  const sequences = useWorkbench((state) => state.sequences);
  const saveSequence = useWorkbench((state) => state.saveSequence);
  const deleteSequence = useWorkbench((state) => state.deleteSequence);
  const sendCraftedFrames = useWorkbench((state) => state.sendCraftedFrames);
  const showError = useWorkbench((state) => state.showError);

  /** The steps as the contract takes them, or null after saying which delay to fix. */
  const checked = () => {
    try {
      return toSequenceSteps(steps);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
      return null;
    }
  };
  const send = () => {
    const run = checked();
    if (run) void sendCraftedFrames(run);
  };
  const save = () => {
    const run = checked();
    if (!run) return;
    if (name.trim() === '') showError('Name the sequence to save it.');
    else if (run.length === 0) showError('Add frames to the sequence before saving it.');
    else {
      saveSequence(name.trim(), run);
      showError(null);
    }
  };
  const setDelay = (key: number, delay: string) => onChange(steps.map((step) => (step.key === key ? { ...step, delay } : step)));

  return (
    <fieldset className="crafter-group">
      <legend>Sequence</legend>
      {steps.length === 0 ? (
        <p className="options-hint">Add frames with “Add to sequence”; each waits its delay, then goes out as crafted.</p>
      ) : (
        <ol className="crafter-steps">
          {steps.map((step, index) => (
            <li key={step.key}>
              <TextField label={`Delay before frame ${index + 1}`} numeric value={step.delay} placeholder="0" after="ms" className="crafter-delay" onChange={(delay) => setDelay(step.key, delay)} />
              <span className="crafter-summary mono">{summarizeFrame(step.frame, role)}</span>
              <button type="button" className="icon" aria-label={`Remove frame ${index + 1}`} onClick={() => onChange(steps.filter((other) => other.key !== step.key))}>
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="crafter-row">
        <button type="button" disabled={steps.length === 0} onClick={send}>
          Send sequence
        </button>
        <button type="button" disabled={steps.length === 0} onClick={() => onChange([])}>
          Clear sequence
        </button>
      </div>
      <div className="crafter-row">
        <TextField label="Sequence name" value={name} placeholder="handshake probe" onChange={setName} />
        <button type="button" onClick={save}>
          Save sequence
        </button>
      </div>
      {sequences.length > 0 && (
        <ul className="crafter-saved" aria-label="Saved sequences">
          {sequences.map((sequence) => (
            <li key={sequence.id}>
              <span className="crafter-saved-name">{sequence.name}</span>
              <span className="crafter-summary">{sequence.steps.length} frames</span>
              <button type="button" aria-label={`Load saved sequence ${sequence.name}`} onClick={() => onChange(toDraftSteps(sequence.steps))}>
                Load
              </button>
              <button type="button" aria-label={`Send saved sequence ${sequence.name}`} onClick={() => void sendCraftedFrames(sequence.steps)}>
                Send
              </button>
              <button type="button" className="icon" aria-label={`Delete saved sequence ${sequence.name}`} onClick={() => deleteSequence(sequence.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
