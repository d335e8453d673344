import type { CaptureEntry } from '../../../shared/capture';
import { formatFrame } from '../../../shared/frame-record';
import { opcodeName } from '../../../shared/opcodes';
import { base64ToBytes } from '../../api/bytes';

export interface EntryColumns {
  direction: string;
  type: string;
  length: string;
  summary: string;
}

/** One timeline row's columns; frames through the same formatFrame() as logs and the CLI. */
export function describeEntry(entry: CaptureEntry): EntryColumns {
  switch (entry.kind) {
    case 'frame': {
      const payload = base64ToBytes(entry.preview);
      const notes = [entry.crafted && 'crafted', entry.dropped && 'payload dropped (memory bound)', entry.rttMs !== undefined && `rtt ${entry.rttMs} ms`].filter(Boolean);
      return {
        direction: entry.direction === 'out' ? '→' : '←',
        type: opcodeName(entry.opcode),
        length: String(entry.payloadLength),
        summary: `${formatFrame({ ...entry, maskKey: null, payload })}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
      };
    }
    case 'handshake': {
      const { record } = entry;
      const outcome = record.error ?? `${record.status ?? ''} accept ${record.accept?.ok ? 'ok' : 'n/a'}${record.subprotocol ? `, subprotocol ${record.subprotocol}` : ''}`;
      return { direction: '↔', type: 'handshake', length: '', summary: outcome };
    }
    case 'event':
      return { direction: '•', type: entry.event, length: '', summary: entry.text };
  }
}

/** Wall-clock time with milliseconds, from the entry's microseconds. */
export function formatTime(micros: number): string {
  const date = new Date(micros / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
