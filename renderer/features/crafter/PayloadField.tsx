import { useId, type ChangeEvent } from 'react';
import { useWorkbench } from '../../app/store-context';
import { InputError } from '../session-options/input-error';
import { formatPayload, parsePayload, PAYLOAD_FORMATS, readableFormat, type PayloadFormat } from './payload-format';

/** A crafted frame carries at most this much of a file; a larger size can still be declared. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Binary files larger than this are shown as base64, which is a third the size of hex. */
const HEX_FILE_BYTES = 4096;

interface Props {
  format: PayloadFormat;
  text: string;
  size: number | null;
  onChange(format: PayloadFormat, text: string): void;
}

/** The payload as text, hex or base64, or loaded from a file; switching format keeps the bytes. */
export function PayloadField({ format, text, size, onChange }: Props) {
  const showError = useWorkbench((state) => state.showError);
  const id = useId();

  const switchFormat = (next: PayloadFormat) => {
    try {
      onChange(next, formatPayload(parsePayload(text, format), next));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };

  const loadFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      showError(`A crafted frame carries files up to 16 MiB; ${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MiB (declare a larger length instead).`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const shown = readableFormat(bytes) === 'text' ? 'text' : bytes.length > HEX_FILE_BYTES ? 'base64' : 'hex';
    onChange(shown, formatPayload(bytes, shown));
  };

  return (
    <div className="crafter-payload">
      <div className="crafter-payload-head">
        <label htmlFor={id}>Payload</label>
        <select aria-label="Payload format" value={format} onChange={(event) => switchFormat(event.target.value as PayloadFormat)}>
          {PAYLOAD_FORMATS.map((option) => (
            <option key={option.format} value={option.format}>
              {option.label}
            </option>
          ))}
        </select>
        <label className="button file-button">
          Load file…
          <input type="file" className="visually-hidden" onChange={(event) => void loadFile(event)} />
        </label>
        <span className="crafter-size">{size === null ? `not valid ${format}` : `${size} bytes`}</span>
      </div>
      <textarea id={id} className="mono" rows={4} value={text} spellCheck={false} placeholder={format === 'text' ? 'Hello' : format === 'hex' ? '48 65 6c 6c 6f' : 'SGVsbG8='} onChange={(event) => onChange(format, event.target.value)} />
    </div>
  );
}
