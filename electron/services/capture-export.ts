import path from 'node:path';
import type { SessionSummary } from '../../shared/api';
import { writeFileAtomic } from './atomic-write';
import type { TimelineItem } from './capture-store';
import { toHar } from './har-export';

/**
 * Write a session's timeline to `file`: NDJSON (one entry per line, each frame with its
 * whole payload in base64 under `payload`, null when the memory bound dropped it) or a
 * HAR log. Resolves with the absolute path and how many entries (NDJSON) or messages
 * (HAR) it holds.
 */
export async function exportTimeline(session: SessionSummary, items: TimelineItem[], format: 'ndjson' | 'har', file: string): Promise<{ path: string; entries: number }> {
  const target = path.resolve(file);
  if (format === 'ndjson') {
    await writeFileAtomic(target, toNdjson(items));
    return { path: target, entries: items.length };
  }
  const har = toHar(session, items);
  await writeFileAtomic(target, `${JSON.stringify(har, null, 2)}\n`);
  return { path: target, entries: har.log.entries.reduce((sum, entry) => sum + entry._webSocketMessages.length, 0) };
}

function toNdjson(items: TimelineItem[]): string {
  return items.map(({ entry, payload }) => `${JSON.stringify(entry.kind === 'frame' ? { ...entry, payload: payload?.toString('base64') ?? null } : entry)}\n`).join('');
}
