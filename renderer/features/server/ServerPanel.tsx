import { useId, useState, type FormEvent } from 'react';
import { useWorkbench } from '../../app/store-context';
import { openClientCount, panelServerId } from '../../store/send-target';
import { CheckField, TextField } from '../session-options/Fields';
import { InputError } from '../session-options/input-error';
import { countServerOptionsSet, DEFAULT_SERVER, toServerStartRequest } from './server-form';
import { ServerOptions } from './ServerOptions';
import { ServerFaults } from '../faults/ServerFaults';
import { countServerFaults, NO_SERVER_FAULTS, toServerFaultsRequest } from '../faults/server-faults-form';
import '../session-options/form-controls.css';
import './server.css';

/**
 * Start a local server on host:port (0 picks a free port) with its options; below, the
 * server in view (the selected one, or the one started last) with its clients, its echo
 * and Stop server.
 */
export function ServerPanel() {
  const [form, setForm] = useState(DEFAULT_SERVER);
  const [faults, setFaults] = useState(NO_SERVER_FAULTS);
  const [expanded, setExpanded] = useState(false);
  const optionsId = useId();
  const startServer = useWorkbench((state) => state.startServer);
  const stopServer = useWorkbench((state) => state.stopServer);
  const setEcho = useWorkbench((state) => state.setEcho);
  const showError = useWorkbench((state) => state.showError);
  const server = useWorkbench((state) => {
    const id = panelServerId(state);
    return id === null ? null : (state.sessions[id] ?? null);
  });
  const clients = useWorkbench((state) => {
    const id = panelServerId(state);
    return id === null ? 0 : openClientCount(state, id);
  });
  const running = server?.state === 'listening';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      // Misbehaviour goes last: "never answer pings" overrides auto-pong.
      void startServer({ ...toServerStartRequest(form), ...toServerFaultsRequest(faults) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };

  const optionCount = countServerOptionsSet(form) + countServerFaults(faults);
  return (
    <form className="server-panel" aria-label="Local server" onSubmit={submit}>
      <h2>Local server</h2>
      <div className="field-row">
        <TextField className="server-host" label="Host" value={form.host} onChange={(host) => setForm({ ...form, host })} />
        <TextField className="server-port" label="Port" numeric value={form.port} placeholder="0 = any" onChange={(port) => setForm({ ...form, port })} />
      </div>
      <div className="server-switches">
        <CheckField label="Echo" title="Send every message back to the client that sent it" checked={form.echo} onChange={(echo) => setForm({ ...form, echo })} />
        <button type="button" className="options-toggle" aria-expanded={expanded} aria-controls={optionsId} onClick={() => setExpanded(!expanded)}>
          Options{optionCount > 0 && ` (${optionCount})`}
        </button>
      </div>
      {expanded && <ServerOptions id={optionsId} value={form} onChange={setForm} />}
      {expanded && <ServerFaults value={faults} onChange={setFaults} />}
      <div className="server-buttons">
        <button type="submit" className="primary">
          Start server
        </button>
        <button type="button" className="danger" disabled={!running} onClick={() => server && void stopServer(server.id)}>
          Stop server
        </button>
      </div>
      {server !== null && (
        <div className={`server-status state-${server.state}`}>
          <span className="server-url">{running ? `listening on ${server.label}` : `${server.label} stopped`}</span>
          {running && (
            <>
              <span className="server-clients">
                {clients === 1 ? '1 client' : `${clients} clients`} connected
              </span>
              <CheckField label="Echo incoming messages" checked={server.echo ?? false} onChange={(echo) => void setEcho(server.id, echo)} />
            </>
          )}
        </div>
      )}
    </form>
  );
}
