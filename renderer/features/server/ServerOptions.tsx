import { DeflateFields } from '../session-options/DeflateFields';
import { TextField } from '../session-options/Fields';
import { HeartbeatFields } from '../session-options/HeartbeatFields';
import type { ServerForm, ServerTls } from './server-form';

interface Props {
  id: string;
  value: ServerForm;
  onChange(value: ServerForm): void;
}

const TLS_CHOICES: { tls: ServerTls; label: string }[] = [
  { tls: 'none', label: 'None (ws://)' },
  { tls: 'self-signed', label: 'Self-signed certificate' },
  { tls: 'files', label: 'Certificate files' },
];

/** What a new server offers beyond host, port and echo. */
export function ServerOptions({ id, value, onChange }: Props) {
  const set = (change: Partial<ServerForm>) => onChange({ ...value, ...change });
  return (
    <div id={id} className="server-options" role="group" aria-label="Server options">
      <fieldset className="options-group">
        <legend>Handshake</legend>
        <TextField label="Subprotocols" value={value.subprotocols} placeholder="accepts none" onChange={(subprotocols) => set({ subprotocols })} />
        <TextField label="Message size limit" numeric value={value.maxMessageSize} placeholder="64 MiB" after="bytes" onChange={(maxMessageSize) => set({ maxMessageSize })} />
      </fieldset>
      <HeartbeatFields value={value.heartbeat} onChange={(heartbeat) => set({ heartbeat })} autoPong={value.autoPong} onAutoPong={(autoPong) => set({ autoPong })} />
      <DeflateFields value={value.deflate} onChange={(deflate) => set({ deflate })} />
      <fieldset className="options-group">
        <legend>TLS</legend>
        {TLS_CHOICES.map(({ tls, label }) => (
          <label key={tls} className="check">
            <input type="radio" name={`${id}-tls`} checked={value.tls === tls} onChange={() => set({ tls })} />
            {label}
          </label>
        ))}
        {value.tls === 'files' && (
          <>
            <TextField label="Certificate" value={value.certPath} placeholder="/path/to/cert.pem" onChange={(certPath) => set({ certPath })} />
            <TextField label="Key" value={value.keyPath} placeholder="/path/to/key.pem" onChange={(keyPath) => set({ keyPath })} />
          </>
        )}
        {value.tls === 'self-signed' && <p className="options-hint">Clients must accept any certificate (or trust this one) to connect.</p>}
      </fieldset>
    </div>
  );
}
