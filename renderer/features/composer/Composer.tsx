import { useMemo, useState, type KeyboardEvent } from 'react';
import { useWorkbench } from '../../app/store-context';
import { selectedSession, targetLabel } from '../../store/send-target';
import { InputError } from '../session-options/input-error';
import { ControlFrames } from './ControlFrames';
import { FragmentFields } from './FragmentFields';
import { cutsInsideCharacters, DEFAULT_FRAGMENTS, fragmentSizes, planFragments, type FragmentPlan } from './fragments';
import { prettyPrintJson } from './json-text';
import { encodeDraft, EMPTY_DRAFT, switchDraft, type BinaryInput, type EncodedMessage, type MessageMode } from './message-body';
import { MessageEditor } from './MessageEditor';
import { SavedMessages } from './SavedMessages';
import { Segmented } from './Segmented';
import '../session-options/form-controls.css';
import './composer.css';

const MODES = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'binary', label: 'Binary' },
] as const satisfies readonly { value: MessageMode; label: string }[];

const BINARY_INPUTS = [
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
  { value: 'file', label: 'File' },
] as const satisfies readonly { value: BinaryInput; label: string }[];

type Ready = { message: EncodedMessage; plan: FragmentPlan } | { problem: string };

/**
 * The message for the selected session: Text, JSON (checked as typed) or Binary (hex,
 * base64 or a file), optionally cut into fragments; Ping and Close beside it; saved
 * messages below. Ctrl/Cmd+Enter sends.
 */
export function Composer() {
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [fragments, setFragments] = useState(DEFAULT_FRAGMENTS);
  const sendMessage = useWorkbench((state) => state.sendMessage);
  const showError = useWorkbench((state) => state.showError);
  const target = useWorkbench(targetLabel);
  const toServer = useWorkbench((state) => selectedSession(state)?.kind === 'server');

  const ready = useMemo((): Ready => {
    try {
      const message = encodeDraft(draft);
      return { message, plan: planFragments(fragments, message.bytes.length) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { problem: error.message };
    }
  }, [draft, fragments]);

  const send = () => {
    if ('problem' in ready) {
      showError(ready.problem);
      return;
    }
    const { message, plan } = ready;
    const fragmented = plan.cuts.length > 0;
    void sendMessage({
      ...message,
      ...(fragmented && { splitAt: plan.cuts, pingBetween: plan.pingBetween, delayMs: plan.delayMs }),
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };
  const pretty = useMemo(() => (draft.mode === 'json' ? prettyPrintJson(draft.text) : null), [draft]);

  const serverWhy = toServer ? 'A broadcast sends whole messages: choose one of the server\'s clients in the sidebar to send fragments or control frames.' : null;
  return (
    <section className="composer" aria-label="Composer" onKeyDown={onKeyDown}>
      <div className="composer-bar">
        <Segmented label="Message type" options={MODES} value={draft.mode} onChange={(mode) => setDraft(switchDraft(draft, mode, draft.binaryInput))} />
        {draft.mode === 'binary' && <Segmented label="Binary input" options={BINARY_INPUTS} value={draft.binaryInput} onChange={(input) => setDraft(switchDraft(draft, 'binary', input))} />}
        {draft.mode === 'json' && (
          <button type="button" disabled={pretty === null || pretty === draft.text} onClick={() => pretty !== null && setDraft({ ...draft, text: pretty })}>
            Pretty-print
          </button>
        )}
        <span className="composer-target">{target}</span>
      </div>
      <div className="composer-main">
        <div className="composer-editor">
          <MessageEditor draft={draft} onChange={setDraft} onError={showError} />
          <MessageSummary ready={ready} />
        </div>
        <div className="composer-send">
          <FragmentFields value={fragments} onChange={setFragments} disabledWhy={serverWhy} />
          <button type="button" className="primary send" disabled={'problem' in ready} title="Ctrl+Enter" onClick={send}>
            Send
          </button>
        </div>
      </div>
      <div className="composer-extras">
        <ControlFrames disabledWhy={serverWhy} />
        <SavedMessages draft={draft} onLoad={setDraft} />
      </div>
    </section>
  );
}

/** The byte count as you type, the frames it will go in, or what to fix. */
function MessageSummary({ ready }: { ready: Ready }) {
  if ('problem' in ready) {
    return (
      <p className="message-summary problem" role="note">
        {ready.problem}
      </p>
    );
  }
  const { message, plan } = ready;
  const sizes = fragmentSizes(plan.cuts, message.bytes.length);
  const splitChars = message.kind === 'text' ? cutsInsideCharacters(message.bytes, plan.cuts).length : 0;
  return (
    <p className="message-summary">
      <span className="byte-count">{message.bytes.length === 1 ? '1 byte' : `${message.bytes.length} bytes`}</span>
      {sizes.length > 1 && (
        <span>
          {' '}
          in {sizes.length} frames: {sizes.length <= 8 ? sizes.join(' + ') : `${sizes.slice(0, 8).join(' + ')} + …`}
          {plan.pingBetween && ', a ping between each'}
          {plan.delayMs > 0 && `, ${plan.delayMs} ms apart`}
        </span>
      )}
      {splitChars > 0 && <span className="note"> · {splitChars === 1 ? 'a cut falls' : `${splitChars} cuts fall`} inside a character (valid: the receiver joins the fragments first)</span>}
    </p>
  );
}
