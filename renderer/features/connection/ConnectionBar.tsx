import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useWorkbench } from '../../app/store-context';

/**
 * A URL and Connect. While the selected connection is the one the URL names and it is
 * open, the button is Disconnect instead (closes with 1000): one button at a time, so
 * "Connect" never also names "Disconnect".
 */
export function ConnectionBar() {
  const [url, setUrl] = useState('');
  const connect = useWorkbench((state) => state.connect);
  const disconnect = useWorkbench((state) => state.disconnect);
  const showError = useWorkbench((state) => state.showError);
  const liveUrl = useWorkbench((state) => {
    const session = state.selectedSessionId === null ? undefined : state.sessions[state.selectedSessionId];
    return session?.kind === 'client' && (session.state === 'open' || session.state === 'connecting') ? session.label : null;
  });
  const connected = liveUrl !== null && liveUrl === url.trim();
  const serverUrl = useWorkbench((state) => (state.activeServerId === null ? null : (state.sessions[state.activeServerId]?.label ?? null)));
  const typed = useRef(false);

  // A server just started here is the first thing one connects to.
  useEffect(() => {
    if (serverUrl !== null && !typed.current) setUrl(`${serverUrl}/`);
  }, [serverUrl]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = url.trim();
    if (target === '') showError('Type a ws:// or wss:// URL to connect to.');
    else void connect({ url: target });
  };

  return (
    <form className="connection" onSubmit={submit}>
      <label>
        URL
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
      {connected ? (
        <button type="button" onClick={() => void disconnect()}>
          Disconnect
        </button>
      ) : (
        <button type="submit">Connect</button>
      )}
    </form>
  );
}
