import { useId, useState } from 'react';
import { useWorkbench } from '../../app/store-context';
import type { TimelineFormat } from '../../store/workspace-slice';
import { PathDialog } from './PathDialog';

interface Props {
  onClose(): void;
  /** Called with one line saying what was written. */
  onExported(note: string): void;
}

const FORMATS: { format: TimelineFormat; label: string; extension: string }[] = [
  { format: 'ndjson', label: 'NDJSON (one entry a line)', extension: '.ndjson' },
  { format: 'har', label: 'HAR (browser dev tools)', extension: '.har' },
];

/** The selected session's timeline to a file, as NDJSON or HAR. */
export function ExportTimelineDialog({ onClose, onExported }: Props) {
  const [format, setFormat] = useState<TimelineFormat>('ndjson');
  const formatGroup = useId();
  const exportTimeline = useWorkbench((state) => state.exportTimeline);
  const label = useWorkbench((state) => (state.selectedSessionId === null ? null : (state.sessions[state.selectedSessionId]?.label ?? null)));
  const write = async (path: string) => {
    const written = await exportTimeline(format, path);
    if (!written) return false;
    onExported(`Exported ${written.entries} entries to ${written.path}.`);
    onClose();
    return true;
  };
  return (
    <PathDialog title={label ? `Export the timeline of ${label}` : 'Export timeline'} submitLabel="Export" placeholder="/home/me/timeline.ndjson" onSubmit={write} onCancel={onClose}>
      {(path, setPath) => (
        <fieldset className="options-group">
          <legend>Format</legend>
          {FORMATS.map((option) => (
            <label key={option.format} className="check">
              <input
                type="radio"
                name={formatGroup}
                checked={format === option.format}
                onChange={() => {
                  setFormat(option.format);
                  // A path that names the other format's file follows the choice.
                  const other = FORMATS.find((candidate) => candidate.format !== option.format);
                  if (other && path.endsWith(other.extension)) setPath(path.slice(0, -other.extension.length) + option.extension);
                }}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      )}
    </PathDialog>
  );
}
