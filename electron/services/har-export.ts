import { version } from '../../package.json';
import type { SessionSummary } from '../../shared/api';
import type { FrameEntry, HandshakeEntry } from '../../shared/capture';
import { Opcode } from '../../shared/opcodes';
import { DeflateCodec } from '../protocol/deflate-codec';
import type { TimelineItem } from './capture-store';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) with Chrome's WebSocket extension fields. */
export interface HarHeader {
  name: string;
  value: string;
}

/** One WebSocket message as Chrome writes it: `time` in seconds since the epoch, text as UTF-8, binary as base64. */
export interface HarMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; headers: HarHeader[]; queryString: HarHeader[]; cookies: []; headersSize: number; bodySize: number };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  _resourceType: 'websocket';
  _webSocketMessages: HarMessage[];
}

export interface HarLog {
  log: { version: '1.2'; creator: { name: string; version: string }; pages: []; entries: HarEntry[] };
}

/** A HAR holds messages, not frames: payloads up to this size are inflated back for export. */
const MAX_MESSAGE = 256 * 1024 * 1024;

/**
 * A session's timeline as a HAR log: one entry per opening handshake (a reconnected
 * client has several), each with the data messages that followed it, reassembled from
 * their frames and inflated when permessage-deflate compressed them. Control frames are
 * left out, as Chrome leaves them out.
 */
export function toHar(session: SessionSummary, items: TimelineItem[]): HarLog {
  const entries: HarEntry[] = [];
  let current: { entry: HarEntry; messages: MessageBuilder } | null = null;
  for (const { entry, payload } of items) {
    if (entry.kind === 'handshake') {
      current = { entry: harEntry(entry), messages: new MessageBuilder(entry.record.extensions?.includes('permessage-deflate') ?? false) };
      entries.push(current.entry);
    } else if (entry.kind === 'frame' && current !== null) {
      const message = current.messages.add(entry, payload);
      if (message) current.entry._webSocketMessages.push(message);
    }
  }
  if (entries.length === 0) throw new Error(`${session.id} has no opening handshake to export as HAR`);
  return { log: { version: '1.2', creator: { name: 'WS Workbench', version }, pages: [], entries } };
}

function harEntry({ time, record }: HandshakeEntry): HarEntry {
  const request = parseHead(record.request);
  const response = parseHead(record.response);
  const [method = 'GET', target = '/'] = request.startLine.split(' ');
  const host = request.headers.find((header) => header.name.toLowerCase() === 'host')?.value ?? 'unknown';
  const url = `${record.tls ? 'wss' : 'ws'}://${host}${target}`;
  const statusText = response.startLine.split(' ').slice(2).join(' ');
  return {
    startedDateTime: new Date(time / 1000).toISOString(),
    time: 0,
    request: { method, url, httpVersion: 'HTTP/1.1', headers: request.headers, queryString: queryOf(url), cookies: [], headersSize: record.request?.length ?? -1, bodySize: 0 },
    response: {
      status: record.status ?? 0,
      statusText,
      httpVersion: 'HTTP/1.1',
      headers: response.headers,
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: record.response?.length ?? -1,
      bodySize: 0,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 },
    _resourceType: 'websocket',
    _webSocketMessages: [],
  };
}

/** A raw HTTP head as its start line and headers. */
function parseHead(raw: string | null): { startLine: string; headers: HarHeader[] } {
  if (raw === null) return { startLine: '', headers: [] };
  const [startLine, ...lines] = raw.split(/\r?\n/);
  const headers: HarHeader[] = [];
  for (const line of lines) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return { startLine, headers };
}

function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // A Host header that makes no URL has no query to list either.
    return [];
  }
}

/** Data frames back into messages, per direction (RFC 6455 §5.4); compressed ones inflated (RFC 7692 §7.2.2). */
class MessageBuilder {
  private readonly partial = new Map<'in' | 'out', { first: FrameEntry; parts: Buffer[] }>();
  private readonly inflaters = new Map<'in' | 'out', DeflateCodec>();

  constructor(private readonly deflate: boolean) {}

  add(frame: FrameEntry, payload: Buffer | null): HarMessage | null {
    const bytes = payload ?? Buffer.alloc(0);
    if (frame.opcode === Opcode.Text || frame.opcode === Opcode.Binary) this.partial.set(frame.direction, { first: frame, parts: [bytes] });
    else if (frame.opcode === Opcode.Continuation) this.partial.get(frame.direction)?.parts.push(bytes);
    else return null;
    const message = this.partial.get(frame.direction);
    if (!frame.fin || message === undefined) return null;
    this.partial.delete(frame.direction);
    const { first, parts } = message;
    const data = first.rsv1 && this.deflate ? this.inflate(frame.direction, parts) : Buffer.concat(parts);
    return {
      type: frame.direction === 'out' ? 'send' : 'receive',
      time: frame.time / 1_000_000,
      opcode: first.opcode,
      data: data !== null && first.opcode === Opcode.Text ? data.toString('utf8') : (data ?? Buffer.concat(parts)).toString('base64'),
    };
  }

  /** Null when the message does not inflate (a payload the memory bound dropped breaks the shared window); it is then exported compressed. */
  private inflate(direction: 'in' | 'out', parts: Buffer[]): Buffer | null {
    let codec = this.inflaters.get(direction);
    if (!codec) {
      // Keeping the window is right whether or not the sender reset its own: a stream that never reaches back ignores it.
      codec = new DeflateCodec({ outboundNoContextTakeover: true, inboundNoContextTakeover: false, outboundMaxWindowBits: 15, agreed: '' }, 0);
      this.inflaters.set(direction, codec);
    }
    try {
      return codec.decompress(parts, MAX_MESSAGE);
    } catch {
      return null;
    }
  }
}
