import { DeflateFields } from '../session-options/DeflateFields';
import { CheckField, TextField } from '../session-options/Fields';
import { HeartbeatFields } from '../session-options/HeartbeatFields';
import type { ConnectOptionsForm, ProxyMode } from './connect-form';
import { HeadersTable } from './HeadersTable';

interface Props {
  id: string;
  value: ConnectOptionsForm;
  onChange(value: ConnectOptionsForm): void;
}

const PROXY_MODES: { mode: ProxyMode; label: string }[] = [
  { mode: 'environment', label: 'From HTTP(S)_PROXY' },
  { mode: 'none', label: 'None' },
  { mode: 'url', label: 'Through' },
];

/** The connect options beyond the URL, each group small enough to take in at a glance. */
export function ConnectionOptions({ id, value, onChange }: Props) {
  const set = (change: Partial<ConnectOptionsForm>) => onChange({ ...value, ...change });
  return (
    <div id={id} className="connection-options" role="group" aria-label="Connection options">
      <HeadersTable rows={value.headers} onChange={(headers) => set({ headers })} />
      <fieldset className="options-group">
        <legend>Handshake</legend>
        <TextField label="Subprotocols" value={value.subprotocols} placeholder="chat, superchat" onChange={(subprotocols) => set({ subprotocols })} />
        <TextField label="Origin" value={value.origin} placeholder="none sent" onChange={(origin) => set({ origin })} />
        <TextField label="Message size limit" numeric value={value.maxMessageSize} placeholder="64 MiB" after="bytes" onChange={(maxMessageSize) => set({ maxMessageSize })} />
      </fieldset>
      <HeartbeatFields value={value.heartbeat} onChange={(heartbeat) => set({ heartbeat })} autoPong={value.autoPong} onAutoPong={(autoPong) => set({ autoPong })} />
      <DeflateFields value={value.deflate} onChange={(deflate) => set({ deflate })} />
      <fieldset className="options-group">
        <legend>TLS (wss://)</legend>
        <CheckField label="Accept any certificate (insecure)" checked={value.tlsInsecure} onChange={(tlsInsecure) => set({ tlsInsecure })} />
        <TextField label="CA certificate" value={value.tlsCa} placeholder="/path/to/ca.pem" onChange={(tlsCa) => set({ tlsCa })} />
        <TextField label="Client certificate" value={value.tlsCert} placeholder="/path/to/cert.pem" onChange={(tlsCert) => set({ tlsCert })} />
        <TextField label="Client key" value={value.tlsKey} placeholder="/path/to/key.pem" onChange={(tlsKey) => set({ tlsKey })} />
        <p className="options-hint">PEM files on the machine running the workbench host.</p>
      </fieldset>
      <fieldset className="options-group">
        <legend>Proxy</legend>
        {PROXY_MODES.map(({ mode, label }) => (
          <label key={mode} className="check">
            <input type="radio" name={`${id}-proxy`} checked={value.proxyMode === mode} onChange={() => set({ proxyMode: mode })} />
            {label}
          </label>
        ))}
        <TextField label="Proxy URL" value={value.proxyUrl} placeholder="http://127.0.0.1:3128" disabled={value.proxyMode !== 'url'} onChange={(proxyUrl) => set({ proxyUrl })} />
      </fieldset>
    </div>
  );
}
