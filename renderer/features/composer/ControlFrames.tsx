import { useId, useState } from 'react';
import { CLOSE_CODES } from '../../../shared/close-codes';
import { useWorkbench } from '../../app/store-context';
import { MAX_CONTROL_PAYLOAD } from '../session-options/heartbeat-options';
import { InputError, utf8Length } from '../session-options/input-error';
import { MAX_CLOSE_REASON, toCloseRequest } from './close-form';

const SENDABLE = CLOSE_CODES.filter((info) => info.onWire);
const NO_CODE = '';
const OTHER = 'other';
/** Where "Other code…" starts the number field: the first code of the private-use range (RFC 6455 §7.4.2). */
const FIRST_PRIVATE_CODE = '4000';
const encoder = new TextEncoder();

interface Props {
  /** Why control frames cannot go to the selected session (a server), or null. */
  disabledWhy: string | null;
}

/** Close with a code, named or typed, and a reason; Ping with a payload (RFC 6455 §5.5.1, §5.5.2). */
export function ControlFrames({ disabledWhy }: Props) {
  const ids = { payload: useId(), code: useId(), number: useId(), reason: useId() };
  const [payload, setPayload] = useState('');
  const [code, setCode] = useState('1000');
  const [reason, setReason] = useState('');
  const ping = useWorkbench((state) => state.ping);
  const closeConnection = useWorkbench((state) => state.closeConnection);
  const showError = useWorkbench((state) => state.showError);
  const disabled = disabledWhy !== null;

  const sendPing = () => {
    if (utf8Length(payload) > MAX_CONTROL_PAYLOAD) showError(`A ping payload is at most ${MAX_CONTROL_PAYLOAD} bytes (RFC 6455 §5.5); this one is ${utf8Length(payload)}.`);
    else void ping(encoder.encode(payload));
  };
  const sendClose = () => {
    try {
      const request = toCloseRequest(code, reason);
      void closeConnection(request.code, request.reason);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };

  const named = code.trim() === '' ? NO_CODE : SENDABLE.some((info) => String(info.code) === code.trim()) ? code.trim() : OTHER;
  const payloadBytes = utf8Length(payload);
  const reasonBytes = utf8Length(reason);
  return (
    <div className="control-frames" title={disabledWhy ?? undefined}>
      <fieldset className="control-group" disabled={disabled}>
        <legend className="sr-only">Close</legend>
        <label htmlFor={ids.code} className="sr-only">
          Close code name
        </label>
        <select id={ids.code} value={named} onChange={(event) => setCode(event.target.value === OTHER ? FIRST_PRIVATE_CODE : event.target.value)}>
          {SENDABLE.map((info) => (
            <option key={info.code} value={String(info.code)} title={info.meaning}>
              {info.code} {info.name}
            </option>
          ))}
          <option value={OTHER}>Other code…</option>
          <option value={NO_CODE}>No code (empty Close frame)</option>
        </select>
        <label htmlFor={ids.number} className="sr-only">
          Close code
        </label>
        <input id={ids.number} className="close-code" type="text" inputMode="numeric" value={code} placeholder="none" onChange={(event) => setCode(event.target.value)} />
        <label htmlFor={ids.reason} className="sr-only">
          Close reason
        </label>
        <input id={ids.reason} className="close-reason" type="text" value={reason} placeholder="close reason" spellCheck={false} onChange={(event) => setReason(event.target.value)} />
        <span className={`count ${reasonBytes > MAX_CLOSE_REASON ? 'over' : ''}`}>
          {reasonBytes}/{MAX_CLOSE_REASON} B
        </span>
        <button type="button" className="danger" onClick={sendClose}>
          Close
        </button>
      </fieldset>
      <fieldset className="control-group" disabled={disabled}>
        <legend className="sr-only">Ping</legend>
        <label htmlFor={ids.payload} className="sr-only">
          Ping payload
        </label>
        <input id={ids.payload} type="text" value={payload} placeholder="payload" spellCheck={false} onChange={(event) => setPayload(event.target.value)} />
        <span className={`count ${payloadBytes > MAX_CONTROL_PAYLOAD ? 'over' : ''}`}>
          {payloadBytes}/{MAX_CONTROL_PAYLOAD} B
        </span>
        <button type="button" onClick={sendPing}>
          Ping
        </button>
      </fieldset>
    </div>
  );
}
