import { CheckField, TextField } from '../session-options/Fields';
import type { ServerFaultsForm } from './server-faults-form';

interface Props {
  value: ServerFaultsForm;
  onChange(value: ServerFaultsForm): void;
}

/** A local server that misbehaves on purpose, to see how a client copes; each option is named in the server's timeline. */
export function ServerFaults({ value, onChange }: Props) {
  const set = (change: Partial<ServerFaultsForm>) => onChange({ ...value, ...change });
  return (
    <fieldset className="options-group">
      <legend>Misbehave on purpose</legend>
      <p className="options-hint">Opening handshake (RFC 6455 §4.1: a client must fail the connection)</p>
      <CheckField label="Wrong Sec-WebSocket-Accept" checked={value.wrongAccept} onChange={(wrongAccept) => set({ wrongAccept })} />
      <TextField label="Status instead of 101" numeric value={value.status} placeholder="101, as usual" onChange={(status) => set({ status })} />
      <TextField label="Unoffered subprotocol" value={value.subprotocol} placeholder="none" onChange={(subprotocol) => set({ subprotocol })} />
      <TextField label="Unoffered extension" value={value.extension} placeholder="none" onChange={(extension) => set({ extension })} />
      <p className="options-hint">On the wire</p>
      <CheckField label="Never answer pings" checked={value.neverPong} onChange={(neverPong) => set({ neverPong })} />
      <TextField label="Unsolicited pong every" numeric value={value.unsolicitedPongMs} placeholder="never" after="ms" onChange={(unsolicitedPongMs) => set({ unsolicitedPongMs })} />
      <TextField label="Drop TCP without a Close after" numeric value={value.dropAfterMs} placeholder="never" after="ms" onChange={(dropAfterMs) => set({ dropAfterMs })} />
      <CheckField label="Write frames one byte at a time" checked={value.byteByByte} onChange={(byteByByte) => set({ byteByByte })} />
      <TextField label="Delay before each write" numeric value={value.writeDelayMs} placeholder="none" after="ms" onChange={(writeDelayMs) => set({ writeDelayMs })} />
    </fieldset>
  );
}
