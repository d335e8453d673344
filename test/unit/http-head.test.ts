import { describe, it, expect } from 'vitest';
import { HandshakeError } from '../../electron/protocol/errors';
import { DEFAULT_HTTP_LIMITS, HttpHeadParser, headerTokens, headerValue, type HttpHead, type HttpLimits } from '../../electron/protocol/http-head';

const lines = (...text: string[]): Buffer => Buffer.from(text.map((line) => `${line}\r\n`).join(''), 'latin1');
const hex = (s: string): Buffer => Buffer.from(s.replace(/ /g, ''), 'hex');

// RFC 6455 §1.2 / §1.3 examples; each head is followed by the first frame bytes of §5.7.
const RFC_REQUEST = lines(
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Protocol: chat, superchat',
  'Sec-WebSocket-Version: 13',
  '',
);
const MASKED_HELLO = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58');
const RFC_RESPONSE = lines(
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  'Sec-WebSocket-Protocol: chat',
  '',
);
const UNMASKED_HELLO = hex('81 05 48 65 6c 6c 6f');

type Kind = 'request' | 'response';

/** Push chunks until the head completes; bytes pushed after it are appended to `rest`, as a caller would. */
function parse(kind: Kind, chunks: Buffer[], limits?: Partial<HttpLimits>): HttpHead {
  const parser = new HttpHeadParser(kind, limits);
  for (let i = 0; i < chunks.length; i++) {
    const head = parser.push(chunks[i]);
    if (head) return { ...head, rest: Buffer.concat([head.rest, ...chunks.slice(i + 1)]) };
  }
  throw new Error('the head never completed');
}

/** The same bytes whole, split in two at every boundary, and one byte at a time (STYLE.md §6). */
function feedings(input: Buffer): Array<[string, Buffer[]]> {
  const out: Array<[string, Buffer[]]> = [['whole', [input]]];
  for (let i = 1; i < input.length; i++) out.push([`split at ${i}`, [input.subarray(0, i), input.subarray(i)]]);
  out.push(['byte by byte', [...input].map((byte) => Buffer.of(byte))]);
  return out;
}

/** The HandshakeError a call throws; fails the test when it throws nothing or something else. */
function thrown(fn: () => unknown): HandshakeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HandshakeError) return error;
    throw error;
  }
  throw new Error('expected a HandshakeError, nothing was thrown');
}

/** Feed one byte at a time; the index of the byte whose push threw, and the error. */
function failingByte(kind: Kind, input: Buffer, limits?: Partial<HttpLimits>): { index: number; error: HandshakeError } {
  const parser = new HttpHeadParser(kind, limits);
  for (let i = 0; i < input.length; i++) {
    try {
      parser.push(input.subarray(i, i + 1));
    } catch (error) {
      if (error instanceof HandshakeError) return { index: i, error };
      throw error;
    }
  }
  throw new Error('expected a HandshakeError, nothing was thrown');
}

describe('RFC 7230 §3 HTTP head parsing (the RFC 6455 §1.3 handshake examples)', () => {
  it('parses the RFC 6455 client request and keeps the frame bytes after it', () => {
    const head = parse('request', [Buffer.concat([RFC_REQUEST, MASKED_HELLO])]);
    expect(head).toEqual({
      kind: 'request',
      method: 'GET',
      target: '/chat',
      version: '1.1',
      headers: [
        ['Host', 'server.example.com'],
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
        ['Origin', 'http://example.com'],
        ['Sec-WebSocket-Protocol', 'chat, superchat'],
        ['Sec-WebSocket-Version', '13'],
      ],
      raw: RFC_REQUEST,
      rest: MASKED_HELLO,
    });
  });

  it('parses the RFC 6455 server response', () => {
    const head = parse('response', [Buffer.concat([RFC_RESPONSE, UNMASKED_HELLO])]);
    expect(head.status).toBe(101);
    expect(head.reason).toBe('Switching Protocols');
    expect(head.version).toBe('1.1');
    expect(head.method).toBeUndefined();
    expect(head.headers).toHaveLength(4);
    expect(head.headers[3]).toEqual(['Sec-WebSocket-Protocol', 'chat']);
    expect(head.raw).toEqual(RFC_RESPONSE);
    expect(head.rest).toEqual(UNMASKED_HELLO);
  });

  const fixtures: Array<[Kind, Buffer]> = [
    ['request', Buffer.concat([RFC_REQUEST, MASKED_HELLO])],
    ['response', Buffer.concat([RFC_RESPONSE, UNMASKED_HELLO])],
    ['response', RFC_RESPONSE],
  ];
  for (const [kind, input] of fixtures) {
    it(`gives the same ${kind} and rest (${input.length} bytes) however the bytes are split`, () => {
      const reference = parse(kind, [input]);
      for (const [name, chunks] of feedings(input)) {
        expect(parse(kind, chunks), name).toEqual(reference);
      }
    });
  }

  it('returns null until the empty line arrives, then the head', () => {
    const parser = new HttpHeadParser('response');
    expect(parser.push(RFC_RESPONSE.subarray(0, RFC_RESPONSE.length - 1))).toBeNull();
    expect(parser.push(RFC_RESPONSE.subarray(RFC_RESPONSE.length - 1))?.status).toBe(101);
  });

  it('copies rest, so later writes to the pushed chunk do not change it', () => {
    const chunk = Buffer.concat([RFC_RESPONSE, UNMASKED_HELLO]);
    const head = new HttpHeadParser('response').push(chunk)!;
    chunk.fill(0);
    expect(head.rest).toEqual(UNMASKED_HELLO);
    expect(head.raw).toEqual(RFC_RESPONSE);
  });

  it('refuses a push after the head is complete', () => {
    const parser = new HttpHeadParser('response');
    parser.push(RFC_RESPONSE);
    expect(() => parser.push(UNMASKED_HELLO)).toThrow('HttpHeadParser.push() called after the head was complete or rejected');
  });

  it('tolerates bare LF line endings (RFC 7230 §3.5)', () => {
    const input = Buffer.from('HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\r\nConnection: Upgrade\n\n\x81', 'latin1');
    const head = parse('response', [input]);
    expect(head.headers).toEqual([
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
    ]);
    expect(head.raw.length).toBe(input.length - 1);
    expect(head.rest).toEqual(Buffer.of(0x81));
  });

  it('ignores empty lines before the request line (RFC 7230 §3.5) but keeps them in raw', () => {
    const input = Buffer.concat([Buffer.from('\r\n'), RFC_REQUEST]);
    const head = parse('request', [input]);
    expect(head.method).toBe('GET');
    expect(head.raw).toEqual(input);
  });

  it('keeps header name case, trims only spaces and tabs, and keeps obs-text bytes', () => {
    const input = Buffer.concat([lines('HTTP/1.1 101 OK', 'X-MiXeD:  \t a  b \t', 'X-Empty:', 'X-Latin1: caf\xe9\xa0'), Buffer.from('\r\n')]);
    const head = parse('response', [input]);
    expect(head.headers).toEqual([
      ['X-MiXeD', 'a  b'],
      ['X-Empty', ''],
      ['X-Latin1', 'caf\u00e9\u00a0'],
    ]);
  });

  it('accepts a status line without a reason phrase', () => {
    const head = parse('response', [lines('HTTP/1.1 101', 'Upgrade: websocket', '')]);
    expect(head.status).toBe(101);
    expect(head.reason).toBe('');
  });

  it('trims a value of 8000 spaces to the empty string (the ws CVE-2021-32640 input)', () => {
    const head = parse('request', [lines('GET / HTTP/1.1', `Sec-WebSocket-Protocol:${' '.repeat(8000)}`, '')]);
    expect(headerValue(head, 'sec-websocket-protocol')).toBe('');
  });
});

describe('RFC 7230 §3.2.2 header lookup', () => {
  const head = parse('response', [lines('HTTP/1.1 101 Switching Protocols', 'connection: keep-alive', 'X-A: 1', 'CONNECTION: , Upgrade ,', 'x-a: 2', '')]);

  it('finds values case-insensitively and joins repeats with ", "', () => {
    expect(headerValue(head, 'Connection')).toBe('keep-alive, , Upgrade ,');
    expect(headerValue(head, 'x-a')).toBe('1, 2');
    expect(headerValue(head, 'Upgrade')).toBeUndefined();
  });

  it('splits lists into trimmed lowercase tokens, dropping empty elements (RFC 7230 §7)', () => {
    expect(headerTokens(head, 'connection')).toEqual(['keep-alive', 'upgrade']);
    expect(headerTokens(head, 'upgrade')).toEqual([]);
  });
});

describe('RFC 7230 §3 malformed heads are refused with 400', () => {
  const cases: Array<[string, Kind, Buffer, string]> = [
    ['obs-fold', 'request', lines('GET / HTTP/1.1', 'X-A: 1', ' folded', ''), 'obsolete line folding (a header line starting with whitespace): " folded"'],
    ['space before the colon', 'request', lines('GET / HTTP/1.1', 'Host : a', ''), 'invalid header name "Host "'],
    ['no colon', 'request', lines('GET / HTTP/1.1', 'Host', ''), 'header line without a colon: "Host"'],
    ['empty name', 'request', lines('GET / HTTP/1.1', ': a', ''), 'invalid header name ""'],
    ['separator in the name', 'request', lines('GET / HTTP/1.1', 'X(y): a', ''), 'invalid header name "X(y)"'],
    ['NUL in a value', 'request', lines('GET / HTTP/1.1', 'X-A: a\x00b', ''), 'the X-A header has control characters in its value'],
    ['bare CR', 'request', lines('GET / HTTP/1.1', 'X-A: a\rX-B: b', ''), 'an HTTP line contains a bare CR'],
    ['two spaces in the request line', 'request', lines('GET  / HTTP/1.1', ''), 'malformed request line "GET  / HTTP/1.1"'],
    ['no version', 'request', lines('GET /', ''), 'malformed request line "GET /"'],
    ['bad version', 'request', lines('GET / HTTP/11', ''), 'unsupported HTTP version in request line "GET / HTTP/11"'],
    ['method not a token', 'request', lines('G@T / HTTP/1.1', ''), 'invalid request method "G@T"'],
    ['non-ASCII target', 'request', lines('GET /caf\xe9 HTTP/1.1', ''), 'invalid request target "/caf\u00e9"'],
  ];
  for (const [name, kind, input, message] of cases) {
    it(`${name}: "${message}", whole and byte by byte`, () => {
      const whole = thrown(() => parse(kind, [input]));
      expect(whole).toMatchObject({ code: 'WS_ERR_HTTP_MALFORMED', status: 400, closeCode: 1006, message });
      const { error } = failingByte(kind, input);
      expect(error).toMatchObject({ code: 'WS_ERR_HTTP_MALFORMED', status: 400, message });
    });
  }

  const statusLines: Array<[string, string]> = [
    ['HTTP/1.1 1O1 Switching Protocols', 'malformed status line "HTTP/1.1 1O1 Switching Protocols"'],
    ['HTTP/1.1 1011 Switching', 'malformed status line "HTTP/1.1 1011 Switching"'],
    ['HTTP/1.1', 'malformed status line "HTTP/1.1"'],
    ['ICY 200 OK', 'malformed status line "ICY 200 OK"'],
    ['HTTP/1.1 101 Switching\x01', 'the status line has control characters in its reason phrase'],
  ];
  for (const [line, message] of statusLines) {
    it(`status line ${JSON.stringify(line)} has no status to answer with`, () => {
      const error = thrown(() => parse('response', [lines(line, '')]));
      expect(error).toMatchObject({ code: 'WS_ERR_HTTP_MALFORMED', status: undefined, message });
    });
  }

  it('shortens a hostile line in the message', () => {
    const error = thrown(() => parse('request', [lines(`GET  /${'a'.repeat(200)} HTTP/1.1`, '')]));
    expect(error.message).toBe(`malformed request line "GET  /${'a'.repeat(58)}…"`);
  });

  it('stays dead after an error', () => {
    const parser = new HttpHeadParser('request');
    expect(() => parser.push(lines('GET  / HTTP/1.1'))).toThrow(HandshakeError);
    expect(() => parser.push(lines(''))).toThrow('HttpHeadParser.push() called after the head was complete or rejected');
  });
});

describe('STYLE.md §1 limits on the head, checked as the bytes arrive', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_HTTP_LIMITS).toEqual({ maxHeadBytes: 16384, maxHeaderCount: 100, maxLineLength: 8192 });
  });

  const request = (headerLines: string[]): Buffer => lines('GET / HTTP/1.1', ...headerLines, '');

  it('accepts a header line of exactly maxLineLength bytes, even with its CR pushed alone', () => {
    const line = `X-Long: ${'a'.repeat(8192 - 8)}`;
    expect(line.length).toBe(8192);
    const input = request([line]);
    expect(parse('request', [input]).headers[0][1]).toHaveLength(8184);
    const crAt = input.indexOf('\r', 20);
    expect(parse('request', [input.subarray(0, crAt + 1), input.subarray(crAt + 1)]).headers).toHaveLength(1);
  });

  it('refuses a header line one byte longer with 431, on that byte', () => {
    const input = request([`X-Long: ${'a'.repeat(8192 - 7)}`]);
    const { index, error } = failingByte('request', input);
    expect(index).toBe('GET / HTTP/1.1\r\n'.length + 8192);
    expect(error).toMatchObject({ code: 'WS_ERR_HTTP_LINE_TOO_LONG', status: 431, message: 'the HTTP header line is longer than 8192 bytes' });
  });

  it('refuses a 1 MiB chunk without a line break at once: 414 for the request line', () => {
    const error = thrown(() => new HttpHeadParser('request').push(Buffer.alloc(1 << 20, 0x61)));
    expect(error).toMatchObject({ code: 'WS_ERR_HTTP_LINE_TOO_LONG', status: 414, message: 'the HTTP request line is longer than 8192 bytes' });
  });

  it('refuses a long status line without an HTTP status (nothing to answer)', () => {
    const error = thrown(() => new HttpHeadParser('response').push(Buffer.alloc(9000, 0x61)));
    expect(error).toMatchObject({ code: 'WS_ERR_HTTP_LINE_TOO_LONG', status: undefined, message: 'the HTTP status line is longer than 8192 bytes' });
  });

  const numbered = (n: number): string[] => Array.from({ length: n }, (_, i) => `X-H${i}: ${i}`);

  it('accepts exactly maxHeaderCount headers', () => {
    expect(parse('request', [request(numbered(100))]).headers).toHaveLength(100);
  });

  it('refuses header 101 with 431 as soon as its line ends, before the empty line', () => {
    const input = request(numbered(101));
    const { index, error } = failingByte('request', input);
    expect(index).toBe(input.length - 3);
    expect(error).toMatchObject({ code: 'WS_ERR_HTTP_TOO_MANY_HEADERS', status: 431, message: 'the HTTP head has more than 100 header lines' });
  });

  /** A request head of exactly `size` bytes made of 200-byte header lines. */
  const headOfSize = (size: number): Buffer => {
    const start = 'GET / HTTP/1.1\r\n';
    const filler: string[] = [];
    let remaining = size - start.length - 2;
    for (let i = 0; remaining > 0; i++) {
      const length = remaining >= 400 ? 200 : remaining;
      const name = `X-F${i}: `;
      filler.push(`${name}${'b'.repeat(length - name.length - 2)}`);
      remaining -= length;
    }
    return request(filler);
  };

  it('accepts a head of exactly maxHeadBytes, fed one byte at a time', () => {
    const input = headOfSize(16384);
    expect(input.length).toBe(16384);
    const head = parse('request', [...input].map((byte) => Buffer.of(byte)));
    expect(head.raw).toEqual(input);
    expect(head.headers).toHaveLength(81);
  });

  it('refuses a head one byte larger with 431, on that byte', () => {
    const input = headOfSize(16385);
    expect(input.length).toBe(16385);
    const { index, error } = failingByte('request', input);
    expect(index).toBe(16384);
    expect(error).toMatchObject({ code: 'WS_ERR_HTTP_HEAD_TOO_LARGE', status: 431, message: 'the HTTP head is larger than 16384 bytes' });
  });

  it('does not count the bytes after the head', () => {
    const input = headOfSize(16384);
    expect(parse('request', [Buffer.concat([input, Buffer.alloc(100_000)])]).rest).toHaveLength(100_000);
  });

  it('takes custom limits', () => {
    const error = thrown(() => parse('request', [request(numbered(3))], { maxHeaderCount: 2 }));
    expect(error.message).toBe('the HTTP head has more than 2 header lines');
    const small = thrown(() => parse('request', [request(['X-A: 1'])], { maxHeadBytes: 20 }));
    expect(small.message).toBe('the HTTP head is larger than 20 bytes');
  });
});
