import { useId, useState } from 'react';
import { useWorkbench } from '../../app/store-context';
import { InputError } from '../session-options/input-error';
import { parseHex } from './payload-format';

/** Any hex straight to the socket: no framing, no masking, no checks. */
export function RawBytes() {
  const [hex, setHex] = useState('');
  const id = useId();
  const sendRawBytes = useWorkbench((state) => state.sendRawBytes);
  const showError = useWorkbench((state) => state.showError);

  const send = () => {
    try {
      void sendRawBytes(parseHex(hex, 'Raw bytes'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };

  return (
    <fieldset className="crafter-group">
      <legend>Raw bytes</legend>
      <label htmlFor={id} className="visually-hidden">
        Raw bytes
      </label>
      <textarea id={id} className="mono" rows={2} value={hex} placeholder="81 85 37 fa 21 3d 7f 9f 4d 51 58" spellCheck={false} onChange={(event) => setHex(event.target.value)} />
      <div className="crafter-row">
        <button type="button" onClick={send}>
          Send bytes
        </button>
        <span className="options-hint">Written to the socket as they are: no framing, no masking, no checks.</span>
      </div>
    </fieldset>
  );
}
