import { useState, type FormEvent } from 'react';
import { useWorkbench } from '../../app/store-context';

/** Start a local echo server on a port (0 picks a free one); stop the one started last. */
export function ServerPanel() {
  const [port, setPort] = useState('0');
  const startServer = useWorkbench((state) => state.startServer);
  const stopServer = useWorkbench((state) => state.stopServer);
  const showError = useWorkbench((state) => state.showError);
  const listening = useWorkbench((state) => (state.activeServerId === null ? null : state.sessions[state.activeServerId]));
  const running = listening?.state === 'listening';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(port.trim());
    if (port.trim() === '' || !Number.isInteger(value) || value < 0 || value > 65535) {
      showError(`The port is a whole number from 0 to 65535 (0 picks a free one), not "${port}".`);
      return;
    }
    void startServer(value);
  };

  return (
    <form className="server" onSubmit={submit}>
      <label>
        Port
        <input type="text" inputMode="numeric" value={port} size={6} onChange={(event) => setPort(event.target.value)} />
      </label>
      <button type="submit">Start server</button>
      <button type="button" disabled={!running} onClick={() => void stopServer()}>
        Stop server
      </button>
      {running && <span className="hint">listening on {listening.label}</span>}
    </form>
  );
}
