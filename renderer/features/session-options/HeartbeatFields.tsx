import { CheckField, TextField } from './Fields';
import { MAX_CONTROL_PAYLOAD, type HeartbeatForm } from './heartbeat-options';
import { utf8Length } from './input-error';

interface Props {
  value: HeartbeatForm;
  onChange(value: HeartbeatForm): void;
  autoPong: boolean;
  onAutoPong(autoPong: boolean): void;
}

/** Auto-pong and the heartbeat: ping every interval, give up when a pong is late (RFC 6455 §5.5.2). */
export function HeartbeatFields({ value, onChange, autoPong, onAutoPong }: Props) {
  const set = (change: Partial<HeartbeatForm>) => onChange({ ...value, ...change });
  return (
    <fieldset className="options-group">
      <legend>Ping / pong</legend>
      <CheckField label="Answer pings automatically (auto-pong)" checked={autoPong} onChange={onAutoPong} />
      <div className="field-row">
        <TextField label="Ping interval" numeric value={value.pingInterval} placeholder="off" after="ms" onChange={(pingInterval) => set({ pingInterval })} />
        <TextField label="Ping timeout" numeric value={value.pingTimeout} placeholder="= interval" after="ms" onChange={(pingTimeout) => set({ pingTimeout })} />
      </div>
      <TextField
        label="Ping payload"
        value={value.pingPayload}
        placeholder="a counter"
        after={`${utf8Length(value.pingPayload)}/${MAX_CONTROL_PAYLOAD} B`}
        onChange={(pingPayload) => set({ pingPayload })}
      />
    </fieldset>
  );
}
