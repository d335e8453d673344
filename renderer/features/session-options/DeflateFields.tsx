import type { DeflateForm } from './deflate-options';
import { CheckField, TextField } from './Fields';

interface Props {
  value: DeflateForm;
  onChange(value: DeflateForm): void;
}

/** permessage-deflate and its parameters (RFC 7692 §7.1), shown only while it is on. */
export function DeflateFields({ value, onChange }: Props) {
  const set = (change: Partial<DeflateForm>) => onChange({ ...value, ...change });
  return (
    <fieldset className="options-group">
      <legend>Compression</legend>
      <CheckField label="permessage-deflate" checked={value.enabled} onChange={(enabled) => set({ enabled })} />
      {value.enabled && (
        <>
          <CheckField label="server_no_context_takeover" checked={value.serverNoContextTakeover} onChange={(serverNoContextTakeover) => set({ serverNoContextTakeover })} />
          <CheckField label="client_no_context_takeover" checked={value.clientNoContextTakeover} onChange={(clientNoContextTakeover) => set({ clientNoContextTakeover })} />
          <TextField label="server_max_window_bits" numeric value={value.serverMaxWindowBits} placeholder="15" onChange={(serverMaxWindowBits) => set({ serverMaxWindowBits })} />
          <TextField label="client_max_window_bits" numeric value={value.clientMaxWindowBits} placeholder="15" onChange={(clientMaxWindowBits) => set({ clientMaxWindowBits })} />
          <TextField label="Compress from" numeric value={value.threshold} placeholder="any size" after="bytes" onChange={(threshold) => set({ threshold })} />
        </>
      )}
    </fieldset>
  );
}
