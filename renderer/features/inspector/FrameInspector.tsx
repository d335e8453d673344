import { memo, useMemo, useState } from 'react';
import { opcodeName } from '../../../shared/opcodes';
import { useWorkbench } from '../../app/store-context';
import { fullTime } from '../../format/clock';
import { count, toHexString } from '../../format/payload-text';
import { checkUtf8, type Utf8Report } from '../../format/utf8-report';
import type { FrameRow, TimelineLog } from '../../store/timeline-log';
import { CopyButton } from '../../ui/CopyButton';
import { fieldAtByte, fieldsText, flattenFields, frameFields } from './frame-fields';
import { FieldExplanation, HeaderFields } from './HeaderFields';
import { HexDump } from './HexDump';
import { PayloadViews } from './PayloadViews';
import { messageFrames, usePayload } from './use-payload';
import { wireBytes } from './wire-bytes';

interface Props {
  sessionId: string;
  log: TimelineLog;
  row: number;
  frame: FrameRow;
  /** The fragmented message's row was chosen, rather than one of its frames. */
  messageChosen: boolean;
  /** Changes when what is shown may have: a message's fragments keep arriving, a lone frame never changes. */
  version: number;
}

/**
 * One frame three ways (STYLE.md §5): the decoded header, its wire bytes, its payload;
 * field and bytes share one selection. Memoised on `version`, not on the frame object
 * (rebuilt from the log's columns on every render), so a flood does not redraw it.
 */
export const FrameInspector = memo(
  function FrameInspector({ sessionId, log, row, frame, messageChosen }: Props) {
  const selectedField = useWorkbench((state) => state.selectedField);
  const selectField = useWorkbench((state) => state.selectField);
  const kind = useWorkbench((state) => state.sessions[sessionId]?.kind);
  const group = log.groups.of(row);
  const fragments = group >= 0 ? messageFrames(log, group) : null;
  const finished = group >= 0 && log.groups.finished[group];
  const framePayload = usePayload(sessionId, [frame]);
  const messagePayload = usePayload(sessionId, fragments ?? [frame]);
  const [scope, setScope] = useState<'frame' | 'message'>(messageChosen ? 'message' : 'frame');
  const messageOpcode = group >= 0 ? log.groups.opcode[group] : frame.opcode;
  const compressed = (fragments?.[0] ?? frame).rsv1;
  const textual = messageOpcode === 0x1 && !compressed;

  let utf8: Utf8Report | null = null;
  let reassembledUtf8: Utf8Report | null = null;
  if (textual && !frame.dropped) {
    const first = fragments === null || fragments[0].seq === frame.seq;
    const last = fragments === null || (finished && fragments[fragments.length - 1].seq === frame.seq);
    utf8 = checkUtf8(framePayload.bytes, { continuesPrevious: !first, continuesNext: !last || !framePayload.complete });
    if (fragments !== null && finished && messagePayload.complete) reassembledUtf8 = checkUtf8(messagePayload.bytes);
  }
  const senderIsClient = kind === 'client' ? frame.direction === 'out' : kind === 'server-client' ? frame.direction === 'in' : null;
  const fields = frameFields(frame, { senderIsClient, payload: framePayload.bytes, payloadComplete: framePayload.complete, messageOpcode, utf8, reassembledUtf8 });
  const chosen = flattenFields(fields).find((field) => field.id === selectedField);
  const highlight = chosen?.start !== undefined && chosen.end !== undefined ? { start: chosen.start, end: chosen.end } : null;
  const wire = useMemo(() => wireBytes(frame.header, framePayload.bytes, frame.maskKey), [frame.header, framePayload.bytes, frame.maskKey]);
  const headerLength = frame.header.length / 2;
  const shown = scope === 'message' && fragments !== null ? messagePayload : framePayload;

  return (
    <>
      <header className="inspector-title">
        <h2>
          {scope === 'message' && fragments !== null ? `Message of ${fragments.length} fragments, frame ${frame.seq} first` : `Frame ${frame.seq}`}
        </h2>
        <span className={`dir ${frame.direction}`}>{frame.direction === 'out' ? '→ sent' : '← received'}</span>
        <span>{opcodeName(frame.opcode)}</span>
        <span className="muted">{fullTime(frame.time)}</span>
        {frame.crafted && <span className="badge">crafted</span>}
      </header>
      <div className="inspector-section">
        <div className="section-bar">
          <h3>Header</h3>
          <CopyButton what="decoded header" text={() => fieldsText(fields)} />
        </div>
        <HeaderFields fields={fields} selected={selectedField} onSelect={selectField} />
        <FieldExplanation field={chosen} />
      </div>
      <div className="inspector-section">
        <div className="section-bar">
          <h3>Wire bytes</h3>
          <span className="muted">
            {count(headerLength)}-byte header{frame.masked ? ', payload masked' : ''}
            {framePayload.complete ? '' : `, ${count(framePayload.bytes.length)} of ${count(frame.payloadLength)} payload bytes held`}
          </span>
          <CopyButton what="wire bytes as hex" text={() => toHexString(wire)} />
        </div>
        <HexDump
          label="Frame bytes"
          bytes={wire}
          headerLength={headerLength}
          highlight={highlight}
          onByte={(offset) => {
            const field = fieldAtByte(fields, offset, selectedField);
            if (field) selectField(field.id);
          }}
        />
      </div>
      <div className="inspector-section grow">
        <div className="section-bar">
          <h3>Payload</h3>
          {fragments !== null && (
            <div role="radiogroup" aria-label="Payload scope" className="segmented">
              <button type="button" role="radio" aria-checked={scope === 'frame'} onClick={() => setScope('frame')}>
                This frame
              </button>
              <button type="button" role="radio" aria-checked={scope === 'message'} onClick={() => setScope('message')}>
                Reassembled message ({fragments.length}
                {finished ? '' : ', unfinished'})
              </button>
            </div>
          )}
        </div>
        <PayloadViews payload={shown} what={scope === 'message' && fragments !== null ? 'the reassembled message' : "this frame's payload"} textual={textual} compressed={compressed} />
      </div>
    </>
  );
},
  (before, after) => before.version === after.version && before.row === after.row && before.log === after.log && before.messageChosen === after.messageChosen,
);
