import { useState, type ChangeEvent } from 'react';
import type { Draft, PickedFile } from './message-body';

/** Files are read whole into the page and sent base64 over the bridge: keep them sensibly sized. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

interface Props {
  draft: Draft;
  onChange(draft: Draft): void;
  onError(message: string): void;
}

const PLACEHOLDERS = {
  text: 'Hello, server',
  json: '{"type": "subscribe", "channel": "ticker"}',
  hex: '48 65 6c 6c 6f  (spaces and line breaks are fine)',
  base64: 'SGVsbG8=',
};

/** The message itself: a text area, or for a binary file, a file chooser with its size. */
export function MessageEditor({ draft, onChange, onError }: Props) {
  const [reading, setReading] = useState(false);
  if (draft.mode === 'binary' && draft.binaryInput === 'file') {
    const choose = (event: ChangeEvent<HTMLInputElement>) => {
      const file = event.target.files?.[0];
      if (!file) return;
      if (file.size > MAX_FILE_BYTES) {
        onError(`${file.name} is ${formatSize(file.size)}; files up to ${formatSize(MAX_FILE_BYTES)} can be sent from here.`);
        return;
      }
      setReading(true);
      file.arrayBuffer().then(
        (buffer) => onChange({ ...draft, file: { name: file.name, bytes: new Uint8Array(buffer) } }),
        (error: Error) => onError(`${file.name} could not be read: ${error.message}`),
      ).finally(() => setReading(false));
    };
    return (
      <div className="message-file">
        <input type="file" aria-label="File to send" onChange={choose} />
        <FileSummary file={draft.file} reading={reading} />
      </div>
    );
  }
  const placeholder = draft.mode !== 'binary' ? PLACEHOLDERS[draft.mode] : draft.binaryInput === 'base64' ? PLACEHOLDERS.base64 : PLACEHOLDERS.hex;
  return (
    <textarea
      className="message-text"
      aria-label="Message"
      value={draft.text}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      onChange={(event) => onChange({ ...draft, text: event.target.value })}
    />
  );
}

function FileSummary({ file, reading }: { file: PickedFile | null; reading: boolean }) {
  if (reading) return <span className="muted">Reading…</span>;
  if (!file) return <span className="muted">No file chosen.</span>;
  return (
    <span>
      {file.name} · {formatSize(file.bytes.length)}
    </span>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
