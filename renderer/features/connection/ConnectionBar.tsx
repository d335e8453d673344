import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useWorkbench } from '../../app/store-context';
import { selectedSession } from '../../store/send-target';
import { InputError } from '../session-options/input-error';
import { countOptionsSet, DEFAULT_OPTIONS, toConnectRequest } from './connect-form';
import { ConnectionOptions } from './ConnectionOptions';
import '../session-options/form-controls.css';
import './connection.css';

/**
 * A URL, Connect and an Options section folded away. While the selected connection is
 * the one the URL names and it is live, the button is Disconnect instead (closes with
 * 1000): one button at a time, so "Connect" never also names "Disconnect".
 */
export function ConnectionBar() {
  const [url, setUrl] = useState('');
  const [options, setOptions] = useState(DEFAULT_OPTIONS);
  const [expanded, setExpanded] = useState(false);
  const optionsId = useId();
  const connect = useWorkbench((state) => state.connect);
  const disconnect = useWorkbench((state) => state.disconnect);
  const showError = useWorkbench((state) => state.showError);
  const client = useWorkbench((state) => {
    const session = selectedSession(state);
    return session?.kind === 'client' ? session : null;
  });
  const serverUrl = useWorkbench((state) => (state.activeServerId === null ? null : (state.sessions[state.activeServerId]?.label ?? null)));
  const typed = useRef(false);
  const live = client !== null && (client.state === 'open' || client.state === 'connecting');
  const connected = live && client.label === url.trim();

  // A server just started here is the first thing one connects to, until the user types a URL.
  useEffect(() => {
    if (serverUrl !== null && !typed.current) setUrl(`${serverUrl}/`);
  }, [serverUrl]);
  // Choosing a connection in the sidebar shows its URL, so Disconnect acts on what is shown.
  const clientUrl = client?.label ?? null;
  useEffect(() => {
    if (clientUrl !== null) setUrl(clientUrl);
  }, [clientUrl]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      void connect(toConnectRequest(url, options));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };

  const optionCount = countOptionsSet(options);
  return (
    <form className="connection-bar" onSubmit={submit} aria-label="Connection">
      <div className="connection-row">
        <label className="connection-url">
          <span>URL</span>
          <input
            type="text"
            value={url}
            placeholder="ws://127.0.0.1:8080/"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              typed.current = true;
              setUrl(event.target.value);
            }}
          />
        </label>
        <button type="button" className="options-toggle" aria-expanded={expanded} aria-controls={optionsId} onClick={() => setExpanded(!expanded)}>
          Options{optionCount > 0 && <span className="badge">{optionCount}</span>}
        </button>
        {connected ? (
          <button type="button" className="danger" onClick={() => void disconnect()}>
            Disconnect
          </button>
        ) : (
          <button type="submit" className="primary">
            Connect
          </button>
        )}
        {client !== null && <span className={`connection-state state-${client.state}`}>{client.state}</span>}
      </div>
      {expanded && <ConnectionOptions id={optionsId} value={options} onChange={setOptions} />}
    </form>
  );
}
