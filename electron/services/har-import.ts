import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CaptureEntry, FrameEntry, HandshakeEntry } from '../../shared/capture';
import type { HandshakeRecord } from '../../shared/handshake-record';
import { computeAccept } from '../protocol/accept';
import { encodeHeader, minimalLengthForm } from '../protocol/frame-encoder';
import { describeFileError } from './atomic-write';
import type { TimelineItem } from './capture-store';
import { parseJson } from './json-syntax';
import type { History } from './session-registry';
import { formatPath } from './workspace-file';

const header = z.object({ name: z.string(), value: z.string() });
const harSchema = z.object({
  log: z.object({
    entries: z.array(
      z.object({
        startedDateTime: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date such as 2024-05-01T12:00:00.000Z'),
        request: z.object({ method: z.string(), url: z.string(), headers: z.array(header) }),
        response: z.object({ status: z.number().int(), statusText: z.string(), headers: z.array(header) }),
        _webSocketMessages: z
          .array(z.object({ type: z.enum(['send', 'receive']), time: z.number().min(0), opcode: z.number().int().min(0).max(15), data: z.string() }))
          .optional(),
      }),
    ),
  }),
});
type HarEntry = z.infer<typeof harSchema>['log']['entries'][number];

/** Chrome's masking keys are not in the HAR: imported frames from the browser show this one. */
const UNKNOWN_MASK_KEY = Buffer.alloc(4);

/**
 * A HAR file's WebSocket connections (entries with Chrome's `_webSocketMessages`) as
 * one timeline: per connection its opening handshake, then one frame per message, with
 * the header our encoder would write for it (a HAR keeps messages, not frames). Throws
 * one sentence naming the file, and where and what is wrong.
 */
export async function readHar(file: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${describeFileError(error)}`, { cause: error });
  }
  const parsed = harSchema.safeParse(parseJson(text, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`);
  }
  const connections = parsed.data.log.entries.filter((entry) => entry._webSocketMessages !== undefined);
  if (connections.length === 0) throw new Error(`${file}: no WebSocket connection in it (no entry has _webSocketMessages)`);

  const items: TimelineItem[] = [];
  const add = (entry: CaptureEntry, payload: Buffer | null = null) => items.push({ entry, payload });
  const messages = connections.reduce((sum, entry) => sum + (entry._webSocketMessages?.length ?? 0), 0);
  add({
    kind: 'event',
    seq: 1,
    time: micros(connections[0].startedDateTime),
    event: 'note',
    text: `imported from ${path.basename(file)}: ${connections.length} connection${connections.length === 1 ? '' : 's'}, ${messages} message${messages === 1 ? '' : 's'}, one frame each (a HAR keeps messages, not frames; masking keys are not recorded)`,
  });
  for (const connection of connections) {
    add(handshakeEntry(connection, items.length + 1));
    for (const message of connection._webSocketMessages ?? []) {
      const payload = message.opcode === 0x1 ? Buffer.from(message.data, 'utf8') : Buffer.from(message.data, 'base64');
      add(frameEntry(message.type === 'send' ? 'out' : 'in', message.opcode, payload, Math.round(message.time * 1_000_000), items.length + 1), payload);
    }
  }
  const label = connections.length === 1 ? connections[0].request.url : `${path.basename(file)} (${connections.length} WebSocket connections)`;
  return { label, items };
}

function handshakeEntry(connection: HarEntry, seq: number): HandshakeEntry {
  const { request, response } = connection;
  const find = (headers: Array<{ name: string; value: string }>, name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const key = find(request.headers, 'sec-websocket-key');
  const received = find(response.headers, 'sec-websocket-accept');
  const head = (startLine: string, headers: Array<{ name: string; value: string }>) => `${startLine}\r\n${headers.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`;
  const record: HandshakeRecord = {
    role: 'client',
    request: head(`${request.method} ${requestTarget(request.url)} HTTP/1.1`, request.headers),
    response: head(`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd(), response.headers),
    status: response.status,
    accept: key === null ? null : { key, expected: computeAccept(key), received, ok: received === computeAccept(key) },
    subprotocol: find(response.headers, 'sec-websocket-protocol'),
    extensions: find(response.headers, 'sec-websocket-extensions'),
    error: response.status === 101 ? null : `server answered ${response.status} instead of 101 Switching Protocols`,
  };
  return { kind: 'handshake', seq, time: micros(connection.startedDateTime), record };
}

/** One message as the single frame our encoder would send for it; the store cuts the preview. */
function frameEntry(direction: 'in' | 'out', opcode: number, payload: Buffer, time: number, seq: number): FrameEntry {
  const maskKey = direction === 'out' ? UNKNOWN_MASK_KEY : null;
  return {
    kind: 'frame',
    seq,
    time,
    direction,
    fin: true,
    rsv1: false,
    rsv2: false,
    rsv3: false,
    opcode,
    masked: maskKey !== null,
    maskKey: maskKey === null ? null : maskKey.toString('hex'),
    payloadLength: payload.length,
    lengthForm: minimalLengthForm(payload.length),
    header: encodeHeader({ opcode, payload, maskKey }).toString('hex'),
    preview: '',
    complete: false,
    dropped: false,
    crafted: false,
  };
}

function requestTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    // Not a URL we can split: show it whole, as the HAR has it.
    return url;
  }
}

function micros(iso: string): number {
  return Date.parse(iso) * 1000;
}
