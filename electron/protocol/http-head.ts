import { HandshakeError } from './errors';

/** Bounds on one HTTP head; checked as each byte arrives, never after the fact (STYLE.md §1). */
export interface HttpLimits {
  /** Bytes of the whole head, from the start line through the empty line that ends it. */
  maxHeadBytes: number;
  /** Header lines, not counting the start line. */
  maxHeaderCount: number;
  /** Bytes of one line, not counting its line ending. */
  maxLineLength: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  maxHeadBytes: 16384,
  maxHeaderCount: 100,
  maxLineLength: 8192,
});

export interface HttpHead {
  kind: 'request' | 'response';
  method?: string;
  target?: string;
  /** 'major.minor', e.g. '1.1'. */
  version: string;
  status?: number;
  reason?: string;
  /** In order received, name case preserved, values without surrounding spaces and tabs. */
  headers: Array<[string, string]>;
  /** The exact bytes of the head, including the empty line that ends it. */
  raw: Buffer;
  /** Bytes that followed the head in the same push (the first WebSocket frame bytes), copied. */
  rest: Buffer;
}

type StartLine = Pick<HttpHead, 'method' | 'target' | 'version' | 'status' | 'reason'>;

const LF = 0x0a;
const CR = 0x0d;

/**
 * An incremental HTTP/1.1 head parser (RFC 7230 §3). It scans each byte once, with
 * indexOf and plain loops; no regular expression sees peer input (ws CVE-2021-32640,
 * tungstenite CVE-2023-43669). Lines end in CRLF; a bare LF is tolerated (RFC 7230 §3.5).
 */
export class HttpHeadParser {
  private readonly limits: HttpLimits;
  private readonly rawParts: Buffer[] = [];
  private headBytes = 0;
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  private start: StartLine | null = null;
  private readonly headers: Array<[string, string]> = [];
  private finished = false;

  constructor(
    private readonly kind: 'request' | 'response',
    limits: Partial<HttpLimits> = {},
  ) {
    this.limits = { ...DEFAULT_HTTP_LIMITS, ...limits };
  }

  /** The parsed head once its empty line has arrived, else null. Throws HandshakeError. */
  push(chunk: Buffer): HttpHead | null {
    if (this.finished) throw new Error('HttpHeadParser.push() called after the head was complete or rejected');
    let offset = 0;
    while (offset < chunk.length) {
      const lf = chunk.indexOf(LF, offset);
      const end = lf === -1 ? chunk.length : lf + 1;
      this.take(chunk.subarray(offset, end), lf !== -1);
      offset = end;
      if (lf === -1) return null;
      const line = this.completeLine();
      if (line.length > 0) this.acceptLine(line);
      // RFC 7230 §3.5: empty lines before the start line are ignored.
      else if (this.start !== null) return this.finish(this.start, chunk.subarray(offset));
    }
    return null;
  }

  /** Append bytes up to and including a LF (or the end of the chunk), checking every bound. */
  private take(piece: Buffer, endsLine: boolean): void {
    this.rawParts.push(piece);
    this.lineParts.push(piece);
    this.headBytes += piece.length;
    this.lineBytes += piece.length;
    // The limit is on the line's content: its LF and a CR before it (perhaps a CRLF still arriving) do not count.
    let ending = endsLine ? 1 : 0;
    if (this.lineBytes > ending && this.lastLineByte(ending + 1) === CR) ending++;
    if (this.lineBytes - ending > this.limits.maxLineLength) {
      const what = this.start === null ? `${this.kind === 'request' ? 'request' : 'status'} line` : 'header line';
      const status = this.start === null ? 414 : 431;
      throw this.fail('WS_ERR_HTTP_LINE_TOO_LONG', `the HTTP ${what} is longer than ${this.limits.maxLineLength} bytes`, status);
    }
    if (this.headBytes > this.limits.maxHeadBytes) {
      throw this.fail('WS_ERR_HTTP_HEAD_TOO_LARGE', `the HTTP head is larger than ${this.limits.maxHeadBytes} bytes`, 431);
    }
  }

  /** Byte `back` places from the end of the current line (1 = last byte). */
  private lastLineByte(back: number): number {
    const last = this.lineParts[this.lineParts.length - 1];
    if (last.length >= back) return last[last.length - back];
    const before = this.lineParts[this.lineParts.length - 2];
    return before[before.length - (back - last.length)];
  }

  /** The finished line without its line ending, as latin1 so each byte is one character. */
  private completeLine(): string {
    const bytes = this.lineParts.length === 1 ? this.lineParts[0] : Buffer.concat(this.lineParts, this.lineBytes);
    this.lineParts = [];
    this.lineBytes = 0;
    const end = bytes.length >= 2 && bytes[bytes.length - 2] === CR ? bytes.length - 2 : bytes.length - 1;
    // RFC 7230 §3.5: a bare CR inside a line is invalid (a request smuggling vector).
    if (bytes.subarray(0, end).indexOf(CR) !== -1) throw this.fail('WS_ERR_HTTP_MALFORMED', 'an HTTP line contains a bare CR', 400);
    return bytes.toString('latin1', 0, end);
  }

  private acceptLine(line: string): void {
    if (this.start === null) {
      this.start = this.kind === 'request' ? this.parseRequestLine(line) : this.parseStatusLine(line);
      return;
    }
    if (this.headers.length >= this.limits.maxHeaderCount) {
      throw this.fail('WS_ERR_HTTP_TOO_MANY_HEADERS', `the HTTP head has more than ${this.limits.maxHeaderCount} header lines`, 431);
    }
    this.headers.push(this.parseHeaderLine(line));
  }

  /** RFC 7230 §3.1.1: method SP request-target SP HTTP-version. */
  private parseRequestLine(line: string): StartLine {
    const sp1 = line.indexOf(' ');
    const sp2 = sp1 === -1 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp2 === -1 || line.indexOf(' ', sp2 + 1) !== -1) throw this.malformed(`malformed request line "${excerpt(line)}"`);
    const method = line.slice(0, sp1);
    const target = line.slice(sp1 + 1, sp2);
    const version = parseVersion(line.slice(sp2 + 1));
    if (!isToken(method)) throw this.malformed(`invalid request method "${excerpt(method)}"`);
    if (target.length === 0 || !isVisibleAscii(target)) throw this.malformed(`invalid request target "${excerpt(target)}"`);
    if (version === null) throw this.malformed(`unsupported HTTP version in request line "${excerpt(line)}"`);
    return { method, target, version };
  }

  /** RFC 7230 §3.1.2: HTTP-version SP status-code SP reason-phrase (a missing reason is tolerated). */
  private parseStatusLine(line: string): StartLine {
    const sp = line.indexOf(' ');
    const version = sp === -1 ? null : parseVersion(line.slice(0, sp));
    const code = line.slice(sp + 1, sp + 4);
    const afterCode = line.slice(sp + 4);
    const codeOk = code.length === 3 && isDigit(code, 0) && isDigit(code, 1) && isDigit(code, 2);
    if (version === null || !codeOk || (afterCode !== '' && afterCode[0] !== ' ')) {
      throw this.malformed(`malformed status line "${excerpt(line)}"`);
    }
    const reason = afterCode.slice(1);
    if (!isFieldValue(reason)) throw this.malformed('the status line has control characters in its reason phrase');
    return { version, status: Number(code), reason };
  }

  /** RFC 7230 §3.2: field-name ":" OWS field-value OWS. */
  private parseHeaderLine(line: string): [string, string] {
    // RFC 7230 §3.2.4: obsolete line folding is refused with 400.
    if (line[0] === ' ' || line[0] === '\t') throw this.malformed(`obsolete line folding (a header line starting with whitespace): "${excerpt(line)}"`);
    const colon = line.indexOf(':');
    if (colon === -1) throw this.malformed(`header line without a colon: "${excerpt(line)}"`);
    const name = line.slice(0, colon);
    // RFC 7230 §3.2.4: no whitespace is allowed between the name and the colon.
    if (!isToken(name)) throw this.malformed(`invalid header name "${excerpt(name)}"`);
    const value = trimOws(line.slice(colon + 1));
    if (!isFieldValue(value)) throw this.malformed(`the ${name} header has control characters in its value`);
    return [name, value];
  }

  private finish(start: StartLine, after: Buffer): HttpHead {
    this.finished = true;
    const raw = Buffer.concat(this.rawParts, this.headBytes);
    return { kind: this.kind, ...start, headers: this.headers, raw, rest: Buffer.from(after) };
  }

  private malformed(message: string): HandshakeError {
    return this.fail('WS_ERR_HTTP_MALFORMED', message, 400);
  }

  /** The parser is dead after an error; only a request has a peer to answer with `status`. */
  private fail(code: string, message: string, status: number): HandshakeError {
    this.finished = true;
    return new HandshakeError(code, message, this.kind === 'request' ? status : undefined);
  }
}

/** Value of a header (case-insensitive name); repeated headers joined with ", " (RFC 7230 §3.2.2). */
export function headerValue(head: HttpHead, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values = head.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  return values.length === 0 ? undefined : values.join(', ');
}

/** A comma-separated header as lowercase tokens, empty elements dropped (RFC 7230 §7). */
export function headerTokens(head: HttpHead, name: string): string[] {
  const value = headerValue(head, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((element) => trimOws(element).toLowerCase())
    .filter((element) => element.length > 0);
}

/**
 * Serialise a start line and headers, refusing anything that would change the message's
 * framing: CR, LF and other controls in values, non-token names (RFC 7230 §3.2).
 */
export function buildHead(startLine: string, headers: ReadonlyArray<readonly [string, string]>): Buffer {
  let text = `${startLine}\r\n`;
  for (const [name, value] of headers) {
    if (!isToken(name)) throw new HandshakeError('WS_ERR_INVALID_HEADER', `invalid header name "${excerpt(name)}"`);
    if (!isFieldValue(value)) {
      throw new HandshakeError('WS_ERR_INVALID_HEADER', `the ${name} header value contains a line break, a control character or a character beyond U+00FF`);
    }
    text += `${name}: ${value}\r\n`;
  }
  return Buffer.from(`${text}\r\n`, 'latin1');
}

/** RFC 7230 §3.2.6 tchar lookup for ASCII. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

/** RFC 7230 §3.2.6: token = 1*tchar. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** RFC 7230 §3.2: field-content is VCHAR, obs-text, SP and HTAB; nothing else may appear. */
function isFieldValue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

function isVisibleAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** RFC 7230 §2.6: "HTTP/" DIGIT "." DIGIT, returned as 'DIGIT.DIGIT'. */
function parseVersion(s: string): string | null {
  if (s.length !== 8 || !s.startsWith('HTTP/') || s[6] !== '.' || !isDigit(s, 5) || !isDigit(s, 7)) return null;
  return s.slice(5);
}

/** Strip optional whitespace (SP, HTAB) only; String.trim would also eat U+00A0, a legal obs-text byte. */
export function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === ' ' || s[start] === '\t')) start++;
  while (end > start && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(start, end);
}

/** Peer-supplied text shortened for an error message, so one hostile line cannot flood the UI. */
export function excerpt(s: string, max = 64): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
