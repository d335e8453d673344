import { useId } from 'react';
import { isControlOpcode, isReservedOpcode, opcodeName } from '../../../shared/opcodes';
import type { LengthForm } from '../../../shared/frame-record';
import type { PeerRole } from '../../store/crafter-slice';
import { CheckField } from '../session-options/Fields';
import { isMasked, type FrameDraft } from './frame-draft';

interface Props {
  draft: FrameDraft;
  role: PeerRole;
  /** The payload's size in bytes, the declared length's default; null while the payload is malformed. */
  payloadLength: number | null;
  onChange(draft: FrameDraft): void;
}

const OPCODES = Array.from({ length: 16 }, (_, opcode) => ({
  opcode,
  label: `0x${opcode.toString(16)} ${isReservedOpcode(opcode) ? `reserved (${isControlOpcode(opcode) ? 'control' : 'data'})` : opcodeName(opcode)}`,
}));

const LENGTH_FORMS: { form: 'auto' | LengthForm; label: string }[] = [
  { form: 'auto', label: 'Automatic' },
  { form: 7, label: '7-bit' },
  { form: 16, label: '16-bit' },
  { form: 64, label: '64-bit' },
];

/** Every header field of one frame (RFC 6455 §5.2), valid or not. */
export function FrameFields({ draft, role, payloadLength, onChange }: Props) {
  const set = (change: Partial<FrameDraft>) => onChange({ ...draft, ...change });
  const ids = { opcode: useId(), key: useId(), form: useId(), length: useId() };
  const masked = isMasked(draft, role);
  const rsvTitle = 'Reserved for extensions: 0 unless one was negotiated (RFC 6455 §5.2)';
  return (
    <fieldset className="crafter-group">
      <legend>Header</legend>
      <div className="crafter-flags">
        <CheckField label="FIN" title="The final fragment of a message (RFC 6455 §5.2)" checked={draft.fin} onChange={(fin) => set({ fin })} />
        <CheckField label="RSV1" title={rsvTitle} checked={draft.rsv1} onChange={(rsv1) => set({ rsv1 })} />
        <CheckField label="RSV2" title={rsvTitle} checked={draft.rsv2} onChange={(rsv2) => set({ rsv2 })} />
        <CheckField label="RSV3" title={rsvTitle} checked={draft.rsv3} onChange={(rsv3) => set({ rsv3 })} />
        <CheckField label="Mask" title="A client masks every frame, a server none (RFC 6455 §5.1)" checked={masked} onChange={(on) => set({ mask: on ? 'on' : 'off' })} />
      </div>
      <div className="crafter-fields">
        <div className="field">
          <label htmlFor={ids.opcode}>Opcode</label>
          <select id={ids.opcode} value={draft.opcode} onChange={(event) => set({ opcode: Number(event.target.value) })}>
            {OPCODES.map(({ opcode, label }) => (
              <option key={opcode} value={opcode}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.key}>Masking key</label>
          <input
            id={ids.key}
            type="text"
            className="mono"
            value={masked ? draft.maskKey : ''}
            placeholder={masked ? 'random' : 'not masked'}
            disabled={!masked}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => set({ mask: 'on', maskKey: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.form}>Length field</label>
          <select id={ids.form} value={draft.lengthForm} onChange={(event) => set({ lengthForm: event.target.value === 'auto' ? 'auto' : (Number(event.target.value) as LengthForm) })}>
            {LENGTH_FORMS.map(({ form, label }) => (
              <option key={form} value={form}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.length}>Declared length</label>
          <input
            id={ids.length}
            type="text"
            inputMode="numeric"
            className="mono"
            value={draft.lengthForm === 'auto' ? '' : draft.declaredLength}
            placeholder={payloadLength === null ? 'as the payload' : String(payloadLength)}
            title="The length the header declares; blank for the payload's own"
            disabled={draft.lengthForm === 'auto'}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => set({ declaredLength: event.target.value })}
          />
        </div>
      </div>
      {draft.mask === 'role' && <p className="options-hint">Masked by role: a client masks, a server does not (RFC 6455 §5.1).</p>}
    </fieldset>
  );
}
