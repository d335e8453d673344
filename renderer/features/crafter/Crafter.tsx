import { useMemo, useState } from 'react';
import { useWorkbench } from '../../app/store-context';
import { peerRole } from '../../store/crafter-slice';
import { selectedSession } from '../../store/send-target';
import { drawMaskKey, previewDraft } from './crafted-preview';
import { DEFAULT_DRAFT, toDraft } from './frame-draft';
import { FrameFields } from './FrameFields';
import { FramePreview } from './FramePreview';
import { PayloadField } from './PayloadField';
import { payloadSize } from './payload-format';
import { RawBytes } from './RawBytes';
import { SavedFrames } from './SavedFrames';
import { appendStep, type DraftStep } from './sequence-draft';
import { SequencePanel } from './SequencePanel';
import { ViolationLibrary } from './ViolationLibrary';
import './crafter.css';

/**
 * The frame crafter: any frame, valid or not, to the selected connection (a client, or
 * one of a server's clients), past our own checks and exactly as the preview shows it.
 */
export function Crafter() {
  const session = useWorkbench(selectedSession);
  const sendCraftedFrames = useWorkbench((state) => state.sendCraftedFrames);
  const showError = useWorkbench((state) => state.showError);
  const [draft, setDraft] = useState(DEFAULT_DRAFT);
  const [randomKey, setRandomKey] = useState(drawMaskKey);
  const [steps, setSteps] = useState<DraftStep[]>([]);
  const knownRole = peerRole(session);
  // With no connection chosen the preview shows what a client would send.
  const role = knownRole ?? 'client';
  const preview = useMemo(() => previewDraft(draft, role, randomKey), [draft, role, randomKey]);
  const size = payloadSize(draft.payload, draft.payloadFormat);

  const sendFrame = async () => {
    if ('error' in preview) {
      showError(preview.error);
      return;
    }
    if (await sendCraftedFrames([{ frame: preview.sent, delayMs: 0 }])) setRandomKey(drawMaskKey());
  };
  const addToSequence = () => {
    if ('error' in preview) showError(preview.error);
    else setSteps(appendStep(steps, preview.frame));
  };

  return (
    <section className="crafter" aria-label="Frame crafter">
      <header className="crafter-head">
        <h2>Frame crafter</h2>
        <span className="crafter-target">{session && knownRole ? `to ${session.label}, as the ${knownRole}` : 'choose a connection to send on'}</span>
      </header>
      <div className="crafter-body">
        <div className="crafter-column">
          <FrameFields draft={draft} role={role} payloadLength={size} onChange={setDraft} />
          <PayloadField format={draft.payloadFormat} text={draft.payload} size={size} onChange={(payloadFormat, payload) => setDraft({ ...draft, payloadFormat, payload })} />
          <FramePreview preview={preview} role={role} />
          <div className="crafter-row">
            <button type="button" className="primary" onClick={() => void sendFrame()}>
              Send frame
            </button>
            <button type="button" onClick={addToSequence}>
              Add to sequence
            </button>
            <button type="button" onClick={() => setDraft(DEFAULT_DRAFT)}>
              Reset frame
            </button>
          </div>
          <SavedFrames current={'error' in preview ? preview.error : preview.frame} role={role} onLoad={(frame) => setDraft(toDraft(frame))} />
        </div>
        <div className="crafter-column">
          <ViolationLibrary role={knownRole} />
          <SequencePanel steps={steps} onChange={setSteps} role={role} />
          <RawBytes />
        </div>
      </div>
    </section>
  );
}
