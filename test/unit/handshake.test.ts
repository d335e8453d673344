import { describe, it, expect } from 'vitest';
import { computeAccept } from '../../electron/protocol/accept';
import { HandshakeError } from '../../electron/protocol/errors';
import {
  buildClientRequest,
  checkServerResponse,
  ClientHandshakeError,
  generateKey,
  type ClientHandshakeOptions,
} from '../../electron/protocol/handshake-client';
import { acceptClientRequest, buildAcceptResponse, buildErrorResponse, type ServerHandshakeOptions } from '../../electron/protocol/handshake-server';
import { HttpHeadParser, type HttpHead } from '../../electron/protocol/http-head';

const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const RFC_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

const text = (...lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');
const parseHead = (kind: 'request' | 'response', input: string | Buffer): HttpHead => {
  const head = new HttpHeadParser(kind).push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  if (head === null) throw new Error('incomplete head in fixture');
  return head;
};

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

const RFC_CLIENT: ClientHandshakeOptions = {
  host: 'server.example.com',
  port: 80,
  secure: false,
  path: '/chat',
  origin: 'http://example.com',
  subprotocols: ['chat', 'superchat'],
};

describe('RFC 6455 §1.3 / §4.2.2 step 5.4 Sec-WebSocket-Accept', () => {
  it('computes the RFC example', () => {
    expect(computeAccept(RFC_KEY)).toBe(RFC_ACCEPT);
  });

  it('hashes the key as sent, not base64-decoded', () => {
    // Cross-checked with Python: base64(sha1(b'AQIDBAUGBwgJCgsMDQ4PEA==' + GUID)).
    expect(computeAccept('AQIDBAUGBwgJCgsMDQ4PEA==')).toBe('C/0nmHhBztSRGR1CwL6Tf4ZjwpY=');
    expect(computeAccept('AQIDBAUGBwgJCgsMDQ4PEC==')).not.toBe(computeAccept('AQIDBAUGBwgJCgsMDQ4PEA=='));
  });
});

describe('RFC 6455 §4.1 client opening handshake: the request', () => {
  it('generateKey base64-encodes 16 injected random bytes (§4.1 step 7)', () => {
    const counting = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i + 1));
    // The RFC prints "…PEC==" here, a known erratum: 0x10 encodes to "EA==".
    expect(generateKey(counting)).toBe('AQIDBAUGBwgJCgsMDQ4PEA==');
    expect(() => generateKey(() => Buffer.alloc(15))).toThrow('generateKey: random(16) returned 15 bytes');
  });

  it('builds the RFC §1.3 request byte for byte', () => {
    expect(buildClientRequest(RFC_CLIENT, RFC_KEY).toString('latin1')).toBe(
      text(
        'GET /chat HTTP/1.1',
        'Host: server.example.com',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${RFC_KEY}`,
        'Sec-WebSocket-Version: 13',
        'Origin: http://example.com',
        'Sec-WebSocket-Protocol: chat, superchat',
        '',
      ),
    );
  });

  it('adds extension offers, then the user headers in order', () => {
    const request = buildClientRequest(
      {
        host: 'h',
        port: 80,
        secure: false,
        path: '/a?b=1&c',
        extensions: ['permessage-deflate; client_max_window_bits', 'x-foo'],
        headers: [
          ['Cookie', 'a=1'],
          ['X-Trace', 'caf\u00e9'],
        ],
      },
      RFC_KEY,
    );
    expect(request.toString('latin1')).toBe(
      text(
        'GET /a?b=1&c HTTP/1.1',
        'Host: h',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${RFC_KEY}`,
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-foo',
        'Cookie: a=1',
        'X-Trace: caf\u00e9',
        '',
      ),
    );
    expect(request.at(-5)).toBe(0xe9);
  });

  const hosts: Array<[string, number, boolean, string]> = [
    ['example.com', 80, false, 'example.com'],
    ['example.com', 443, true, 'example.com'],
    ['example.com', 443, false, 'example.com:443'],
    ['example.com', 80, true, 'example.com:80'],
    ['127.0.0.1', 9001, false, '127.0.0.1:9001'],
    ['::1', 8080, false, '[::1]:8080'],
    ['[::1]', 80, false, '[::1]'],
    ['fe80::1%25eth0', 443, true, '[fe80::1%25eth0]'],
  ];
  for (const [host, port, secure, expected] of hosts) {
    it(`sends Host: ${expected} for ${secure ? 'wss' : 'ws'}://${host}:${port} (§4.1 step 4)`, () => {
      const head = parseHead('request', buildClientRequest({ host, port, secure, path: '/' }, RFC_KEY));
      expect(head.headers[0]).toEqual(['Host', expected]);
    });
  }

  const invalid: Array<[string, Partial<ClientHandshakeOptions>, string, string]> = [
    ['a host with a space', { host: 'a b' }, 'WS_ERR_INVALID_URL', 'invalid host "a b"'],
    ['a host with CRLF', { host: 'h\r\nX-Evil: 1' }, 'WS_ERR_INVALID_URL', 'invalid host "h\r\nX-Evil: 1"'],
    ['an empty host', { host: '' }, 'WS_ERR_INVALID_URL', 'invalid host ""'],
    ['port 0', { port: 0 }, 'WS_ERR_INVALID_URL', 'invalid port 0: it must be a whole number from 1 to 65535'],
    ['port 70000', { port: 70000 }, 'WS_ERR_INVALID_URL', 'invalid port 70000: it must be a whole number from 1 to 65535'],
    ['a relative path', { path: 'chat' }, 'WS_ERR_INVALID_URL', 'invalid request path "chat": it must start with "/" and contain no spaces, control characters or fragment'],
    ['a path with CRLF', { path: '/x\r\nX-Evil: 1' }, 'WS_ERR_INVALID_URL', 'invalid request path "/x\r\nX-Evil: 1": it must start with "/" and contain no spaces, control characters or fragment'],
    ['a path with a fragment', { path: '/a#b' }, 'WS_ERR_INVALID_URL', 'invalid request path "/a#b": it must start with "/" and contain no spaces, control characters or fragment'],
    ['a header name with a space', { headers: [['X Y', '1']] }, 'WS_ERR_INVALID_HEADER', 'invalid header name "X Y"'],
    [
      'a header value with CRLF',
      { headers: [['X-A', '1\r\nX-Evil: 2']] },
      'WS_ERR_INVALID_HEADER',
      'the X-A header value contains a line break, a control character or a character beyond U+00FF',
    ],
    [
      'a header value beyond latin1',
      { headers: [['X-A', '\u2603']] },
      'WS_ERR_INVALID_HEADER',
      'the X-A header value contains a line break, a control character or a character beyond U+00FF',
    ],
    [
      'an origin with LF',
      { origin: 'http://a\nX-Evil: 1' },
      'WS_ERR_INVALID_HEADER',
      'the Origin header value contains a line break, a control character or a character beyond U+00FF',
    ],
    ['a user Host header', { headers: [['host', 'other']] }, 'WS_ERR_INVALID_HEADER', 'the host header is set by the handshake itself; use the connection options instead'],
    [
      'a user Sec-WebSocket-Key header',
      { headers: [['Sec-WebSocket-Key', RFC_KEY]] },
      'WS_ERR_INVALID_HEADER',
      'the Sec-WebSocket-Key header is set by the handshake itself; use the connection options instead',
    ],
    [
      'a subprotocol with a space',
      { subprotocols: ['a b'] },
      'WS_ERR_INVALID_SUBPROTOCOL',
      'subprotocol "a b" is not a valid token (no spaces, commas or separators)',
    ],
    ['an empty subprotocol', { subprotocols: [''] }, 'WS_ERR_INVALID_SUBPROTOCOL', 'subprotocol "" is not a valid token (no spaces, commas or separators)'],
    ['a duplicate subprotocol', { subprotocols: ['chat', 'chat'] }, 'WS_ERR_INVALID_SUBPROTOCOL', 'subprotocol "chat" is offered twice'],
  ];
  for (const [name, change, code, message] of invalid) {
    it(`refuses ${name}`, () => {
      const error = thrown(() => buildClientRequest({ ...RFC_CLIENT, ...change }, RFC_KEY));
      expect(error).toMatchObject({ code, message, status: undefined });
    });
  }
});

describe('RFC 6455 §4.1 client opening handshake: checking the response', () => {
  const respond = (...headerLines: string[]): HttpHead => parseHead('response', text('HTTP/1.1 101 Switching Protocols', ...headerLines, ''));
  const good = ['Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_ACCEPT}`];

  it('accepts the RFC §1.3 response', () => {
    const head = respond(...good, 'Sec-WebSocket-Protocol: chat');
    expect(checkServerResponse(head, RFC_KEY, RFC_CLIENT)).toEqual({
      subprotocol: 'chat',
      extensions: null,
      accept: { key: RFC_KEY, expected: RFC_ACCEPT, received: RFC_ACCEPT, ok: true },
      response: head,
    });
  });

  it('matches Upgrade and Connection case-insensitively, among other Connection tokens', () => {
    const head = respond('upgrade: WebSocket', 'CONNECTION: keep-alive, UPGRADE', `sec-websocket-accept:   ${RFC_ACCEPT}  `);
    expect(checkServerResponse(head, RFC_KEY, { ...RFC_CLIENT, subprotocols: [] }).subprotocol).toBeNull();
  });

  it('returns the extensions in use, with commas inside quoted parameters (§9.1)', () => {
    const offered = { ...RFC_CLIENT, extensions: ['x-foo; list="a,b"', 'permessage-deflate'] };
    const head = respond(...good, 'Sec-WebSocket-Extensions: x-foo; list="a\\",b"', 'Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover');
    expect(checkServerResponse(head, RFC_KEY, offered).extensions).toBe('x-foo; list="a\\",b", permessage-deflate; server_no_context_takeover');
  });

  const failures: Array<[string, HttpHead, Partial<ClientHandshakeOptions>, string, string]> = [
    [
      '404',
      parseHead('response', text('HTTP/1.1 404 Not Found', 'Content-Length: 0', '')),
      {},
      'WS_ERR_HANDSHAKE_STATUS',
      'server answered 404 Not Found instead of 101 Switching Protocols',
    ],
    ['200 without a reason', parseHead('response', text('HTTP/1.1 200', '')), {}, 'WS_ERR_HANDSHAKE_STATUS', 'server answered 200 instead of 101 Switching Protocols'],
    ['no Upgrade', respond(good[1], good[2]), {}, 'WS_ERR_HANDSHAKE_UPGRADE', 'server response has no Upgrade header'],
    ['Upgrade: h2c', respond('Upgrade: h2c', good[1], good[2]), {}, 'WS_ERR_HANDSHAKE_UPGRADE', 'server answered Upgrade: h2c instead of Upgrade: websocket'],
    ['no Connection', respond(good[0], good[2]), {}, 'WS_ERR_HANDSHAKE_CONNECTION', 'server response lacks Connection: Upgrade (got no Connection header)'],
    [
      'Connection: keep-alive',
      respond(good[0], 'Connection: keep-alive', good[2]),
      {},
      'WS_ERR_HANDSHAKE_CONNECTION',
      'server response lacks Connection: Upgrade (got Connection: keep-alive)',
    ],
    ['no Accept', respond(good[0], good[1]), {}, 'WS_ERR_HANDSHAKE_ACCEPT', `server response has no Sec-WebSocket-Accept header (expected ${RFC_ACCEPT})`],
    [
      'a wrong Accept',
      respond(good[0], good[1], 'Sec-WebSocket-Accept: abc='),
      {},
      'WS_ERR_HANDSHAKE_ACCEPT',
      `Sec-WebSocket-Accept mismatch: expected ${RFC_ACCEPT}, got abc=`,
    ],
    [
      'two Accept headers',
      respond(...good, `Sec-WebSocket-Accept: ${RFC_ACCEPT}`),
      {},
      'WS_ERR_HANDSHAKE_ACCEPT',
      `Sec-WebSocket-Accept mismatch: expected ${RFC_ACCEPT}, got ${RFC_ACCEPT}, ${RFC_ACCEPT}`,
    ],
    [
      'a subprotocol when none was offered',
      respond(...good, 'Sec-WebSocket-Protocol: chat'),
      { subprotocols: [] },
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'server selected subprotocol "chat" but the client offered none',
    ],
    [
      'a subprotocol not offered',
      respond(...good, 'Sec-WebSocket-Protocol: mqtt'),
      {},
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'server selected subprotocol "mqtt", which the client did not offer (offered: chat, superchat)',
    ],
    [
      'two subprotocols',
      respond(...good, 'Sec-WebSocket-Protocol: chat', 'Sec-WebSocket-Protocol: superchat'),
      {},
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'server selected subprotocol "chat, superchat", which the client did not offer (offered: chat, superchat)',
    ],
    [
      'a subprotocol differing in case',
      respond(...good, 'Sec-WebSocket-Protocol: Chat'),
      {},
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'server selected subprotocol "Chat", which the client did not offer (offered: chat, superchat)',
    ],
    [
      'an extension when none was offered',
      respond(...good, 'Sec-WebSocket-Extensions: permessage-deflate'),
      {},
      'WS_ERR_HANDSHAKE_EXTENSION',
      'server enabled extension permessage-deflate but the client offered none',
    ],
    [
      'an extension not offered',
      respond(...good, 'Sec-WebSocket-Extensions: permessage-deflate, x-bar'),
      { extensions: ['permessage-deflate; client_max_window_bits'] },
      'WS_ERR_HANDSHAKE_EXTENSION',
      'server enabled extension x-bar, which the client did not offer',
    ],
    [
      'a malformed extension list',
      respond(...good, 'Sec-WebSocket-Extensions: x-foo; a="unterminated'),
      { extensions: ['x-foo'] },
      'WS_ERR_HANDSHAKE_EXTENSION',
      'server sent a malformed Sec-WebSocket-Extensions header: "x-foo; a="unterminated"',
    ],
    [
      'an empty extension header',
      respond(...good, 'Sec-WebSocket-Extensions:'),
      { extensions: ['x-foo'] },
      'WS_ERR_HANDSHAKE_EXTENSION',
      'server sent a malformed Sec-WebSocket-Extensions header: ""',
    ],
  ];
  for (const [name, head, change, code, message] of failures) {
    it(`fails on ${name}: "${message}"`, () => {
      const error = thrown(() => checkServerResponse(head, RFC_KEY, { ...RFC_CLIENT, ...change }));
      expect(error).toBeInstanceOf(ClientHandshakeError);
      expect(error).toMatchObject({ code, message, closeCode: 1006, status: undefined, response: head });
    });
  }

  it('attaches the Accept check to the error for the UI', () => {
    const error = thrown(() => checkServerResponse(respond(good[0], good[1], 'Sec-WebSocket-Accept: abc='), RFC_KEY, RFC_CLIENT));
    expect(error).toBeInstanceOf(ClientHandshakeError);
    expect((error as ClientHandshakeError).accept).toEqual({ key: RFC_KEY, expected: RFC_ACCEPT, received: 'abc=', ok: false });
  });
});

describe('RFC 6455 §4.2 server opening handshake', () => {
  const RFC_REQUEST_LINES = [
    'GET /chat HTTP/1.1',
    'Host: server.example.com',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${RFC_KEY}`,
    'Origin: http://example.com',
    'Sec-WebSocket-Protocol: chat, superchat',
    'Sec-WebSocket-Version: 13',
  ];
  const request = (...headerLines: string[]): HttpHead => parseHead('request', text(...headerLines, ''));
  const withLine = (index: number, line: string | null): HttpHead => {
    const copy = [...RFC_REQUEST_LINES];
    if (line === null) copy.splice(index, 1);
    else copy[index] = line;
    return request(...copy);
  };

  it('answers the RFC §1.3 request with the RFC §1.3 response, byte for byte', () => {
    const head = request(...RFC_REQUEST_LINES);
    const result = acceptClientRequest(head, { subprotocols: ['chat'] });
    expect(result.response.toString('latin1')).toBe(
      text('HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, 'Sec-WebSocket-Protocol: chat', ''),
    );
    expect(result).toMatchObject({ key: RFC_KEY, subprotocol: 'chat', origin: 'http://example.com', path: '/chat', request: head, extensionsOffered: null });
  });

  it('picks the first subprotocol in server order that the client offered (§4.2.2 step 4)', () => {
    const head = request(...RFC_REQUEST_LINES);
    expect(acceptClientRequest(head, { subprotocols: ['superchat', 'chat'] }).subprotocol).toBe('superchat');
    expect(acceptClientRequest(head, { subprotocols: ['mqtt', 'chat'] }).subprotocol).toBe('chat');
  });

  it('sends no Sec-WebSocket-Protocol when nothing matches', () => {
    const result = acceptClientRequest(request(...RFC_REQUEST_LINES), { subprotocols: ['mqtt'] });
    expect(result.subprotocol).toBeNull();
    expect(result.response.toString('latin1')).toBe(
      text('HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, ''),
    );
  });

  it('reports the extensions offered, joined, and accepts Firefox-style Connection and the RFC\'s own "…PEC==" key', () => {
    const head = request(
      'GET /chat?room=1 HTTP/1.1',
      'host: h',
      'upgrade: WebSocket',
      'connection: keep-alive, Upgrade',
      'sec-websocket-key: AQIDBAUGBwgJCgsMDQ4PEC==',
      'sec-websocket-version: 13',
      'Sec-WebSocket-Extensions: permessage-deflate',
      'Sec-WebSocket-Extensions: x-foo',
    );
    const result = acceptClientRequest(head, {});
    expect(result).toMatchObject({ key: 'AQIDBAUGBwgJCgsMDQ4PEC==', path: '/chat?room=1', origin: undefined, subprotocol: null });
    expect(result.extensionsOffered).toBe('permessage-deflate, x-foo');
  });

  const targets: Array<[string, string]> = [
    ['http://server.example.com/chat?x=1', '/chat?x=1'],
    ['https://server.example.com', '/'],
    ['http://server.example.com?x', '/?x'],
  ];
  for (const [target, path] of targets) {
    it(`takes the resource name ${path} from the absolute URI ${target} (§4.2.1 item 1)`, () => {
      expect(acceptClientRequest(withLine(0, `GET ${target} HTTP/1.1`), {}).path).toBe(path);
    });
  }

  it('passes the Origin to checkOrigin, and undefined when there is none', () => {
    const seen: Array<string | undefined> = [];
    const checkOrigin = (origin: string | undefined): boolean => {
      seen.push(origin);
      return true;
    };
    acceptClientRequest(request(...RFC_REQUEST_LINES), { checkOrigin });
    acceptClientRequest(withLine(5, null), { checkOrigin });
    expect(seen).toEqual(['http://example.com', undefined]);
  });

  const refusals: Array<[string, HttpHead, ServerHandshakeOptions, number, string, string]> = [
    ['POST', withLine(0, 'POST /chat HTTP/1.1'), {}, 405, 'WS_ERR_HANDSHAKE_METHOD', 'expected a GET request, got POST'],
    ['HTTP/1.0', withLine(0, 'GET /chat HTTP/1.0'), {}, 400, 'WS_ERR_HANDSHAKE_HTTP_VERSION', 'WebSocket needs HTTP/1.1 or later, the client sent HTTP/1.0'],
    ['target *', withLine(0, 'GET * HTTP/1.1'), {}, 400, 'WS_ERR_HANDSHAKE_TARGET', 'the request target "*" is neither a path nor an http(s) URI'],
    ['ftp target', withLine(0, 'GET ftp://a/b HTTP/1.1'), {}, 400, 'WS_ERR_HANDSHAKE_TARGET', 'the request target "ftp://a/b" is neither a path nor an http(s) URI'],
    ['no Host', withLine(1, null), {}, 400, 'WS_ERR_HANDSHAKE_HOST', 'the request has no Host header'],
    ['two Hosts', withLine(2, 'Host: other'), {}, 400, 'WS_ERR_HANDSHAKE_HOST', 'the request has 2 Host headers'],
    ['no Upgrade', withLine(2, null), {}, 400, 'WS_ERR_HANDSHAKE_UPGRADE', 'the request lacks Upgrade: websocket (got no Upgrade header)'],
    ['Upgrade: h2c', withLine(2, 'Upgrade: h2c'), {}, 400, 'WS_ERR_HANDSHAKE_UPGRADE', 'the request lacks Upgrade: websocket (got Upgrade: h2c)'],
    ['no Connection', withLine(3, null), {}, 400, 'WS_ERR_HANDSHAKE_CONNECTION', 'the request lacks Connection: Upgrade (got no Connection header)'],
    ['Connection: close', withLine(3, 'Connection: close'), {}, 400, 'WS_ERR_HANDSHAKE_CONNECTION', 'the request lacks Connection: Upgrade (got Connection: close)'],
    ['no version', withLine(7, null), {}, 426, 'WS_ERR_HANDSHAKE_VERSION', 'the request has no Sec-WebSocket-Version header; this server speaks version 13'],
    ['version 8', withLine(7, 'Sec-WebSocket-Version: 8'), {}, 426, 'WS_ERR_HANDSHAKE_VERSION', 'unsupported Sec-WebSocket-Version 8; this server speaks version 13'],
    ['no key', withLine(4, null), {}, 400, 'WS_ERR_HANDSHAKE_KEY', 'the request has no Sec-WebSocket-Key header'],
    ...(
      [
        ['a 15-byte key', 'AQIDBAUGBwgJCgsMDQ4P'],
        ['a 17-byte key', 'AQIDBAUGBwgJCgsMDQ4PEBE='],
        ['a key without padding', 'AQIDBAUGBwgJCgsMDQ4PEAAA'],
        ['a key with "*"', 'AQIDBAUGBwgJCgsMDQ4*EA=='],
        ['a key with "-" (base64url)', 'AQIDBAUGBwgJCgsMDQ4-EA=='],
        ['two keys', `${RFC_KEY}, ${RFC_KEY}`],
      ] as const
    ).map(([name, key]): [string, HttpHead, ServerHandshakeOptions, number, string, string] => [
      name,
      withLine(4, `Sec-WebSocket-Key: ${key}`),
      {},
      400,
      'WS_ERR_HANDSHAKE_KEY',
      `Sec-WebSocket-Key must be 16 bytes in base64 (24 characters ending in ==), got "${key}"`,
    ]),
    ['a refused origin', request(...RFC_REQUEST_LINES), { checkOrigin: (o) => o === 'https://ok.example' }, 403, 'WS_ERR_HANDSHAKE_ORIGIN', 'origin http://example.com is not allowed'],
    ['a missing origin', withLine(5, null), { checkOrigin: (o) => o !== undefined }, 403, 'WS_ERR_HANDSHAKE_ORIGIN', 'requests without an Origin header are not allowed'],
    [
      'a subprotocol with a space',
      withLine(6, 'Sec-WebSocket-Protocol: chat, super chat'),
      {},
      400,
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'Sec-WebSocket-Protocol must be a list of unique tokens, got "chat, super chat"',
    ],
    [
      'a repeated subprotocol',
      withLine(6, 'Sec-WebSocket-Protocol: chat, chat'),
      {},
      400,
      'WS_ERR_HANDSHAKE_SUBPROTOCOL',
      'Sec-WebSocket-Protocol must be a list of unique tokens, got "chat, chat"',
    ],
    ['an empty subprotocol list', withLine(6, 'Sec-WebSocket-Protocol: ,'), {}, 400, 'WS_ERR_HANDSHAKE_SUBPROTOCOL', 'Sec-WebSocket-Protocol must be a list of unique tokens, got ","'],
  ];
  for (const [name, head, opts, status, code, message] of refusals) {
    it(`refuses ${name} with ${status}: "${message}"`, () => {
      expect(thrown(() => acceptClientRequest(head, opts))).toMatchObject({ status, code, message, closeCode: 1006 });
    });
  }
});

describe('RFC 6455 §4.2.1 / §4.2.2 server answers', () => {
  it('builds a 426 with Sec-WebSocket-Version: 13 and the message as body', () => {
    const message = 'unsupported Sec-WebSocket-Version 8; this server speaks version 13';
    const bytes = buildErrorResponse(new HandshakeError('WS_ERR_HANDSHAKE_VERSION', message, 426));
    expect(bytes.toString('latin1')).toBe(
      text('HTTP/1.1 426 Upgrade Required', 'Connection: close', 'Content-Type: text/plain; charset=utf-8', 'Content-Length: 67', 'Sec-WebSocket-Version: 13', '') + `${message}\n`,
    );
  });

  it('builds a 405 with Allow: GET', () => {
    const bytes = buildErrorResponse(new HandshakeError('WS_ERR_HANDSHAKE_METHOD', 'expected a GET request, got POST', 405));
    const head = parseHead('response', bytes);
    expect(head.status).toBe(405);
    expect(head.reason).toBe('Method Not Allowed');
    expect(head.headers).toContainEqual(['Allow', 'GET']);
    expect(head.rest.toString()).toBe('expected a GET request, got POST\n');
  });

  it('answers a parser error with its status and a UTF-8 body whose length is counted in bytes', () => {
    const error = thrown(() => new HttpHeadParser('request').push(Buffer.from('GET /caf\xe9 HTTP/1.1\r\n', 'latin1')));
    const head = parseHead('response', buildErrorResponse(error));
    expect([head.status, head.reason]).toEqual([400, 'Bad Request']);
    expect(head.headers).toContainEqual(['Content-Length', '32']);
    expect(head.rest).toEqual(Buffer.from('invalid request target "/caf\u00e9"\n', 'utf8'));
    expect(head.rest).toHaveLength(32);
  });

  it('answers an overlong request line with 414 and too many headers with 431', () => {
    const error = thrown(() => new HttpHeadParser('request').push(Buffer.alloc(20_000, 0x61)));
    const head = parseHead('response', buildErrorResponse(error));
    expect([head.status, head.reason]).toEqual([414, 'URI Too Long']);
    const tooMany = thrown(() => new HttpHeadParser('request', { maxHeaderCount: 1 }).push(Buffer.from(text('GET / HTTP/1.1', 'A: 1', 'B: 2'))));
    expect(parseHead('response', buildErrorResponse(tooMany)).reason).toBe('Request Header Fields Too Large');
  });

  it('answers 400 Bad Request when the error has no status', () => {
    const head = parseHead('response', buildErrorResponse(new HandshakeError('WS_ERR_X', 'x')));
    expect([head.status, head.reason]).toEqual([400, 'Bad Request']);
  });

  it('appends extra headers to the 101 and refuses header injection in them', () => {
    expect(buildAcceptResponse(RFC_KEY, null, [['Sec-WebSocket-Extensions', 'permessage-deflate']]).toString('latin1')).toBe(
      text('HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, 'Sec-WebSocket-Extensions: permessage-deflate', ''),
    );
    const error = thrown(() => buildAcceptResponse(RFC_KEY, null, [['X-A', 'a\r\n\r\nHTTP/1.1 200 OK']]));
    expect(error).toMatchObject({ code: 'WS_ERR_INVALID_HEADER', message: 'the X-A header value contains a line break, a control character or a character beyond U+00FF' });
  });
});

describe('RFC 6455 §4 client and server mirrored', () => {
  /** Hand `bytes` to a parser one byte at a time, as the slowest network would. */
  const trickle = (parser: HttpHeadParser, bytes: Buffer): HttpHead => {
    for (let i = 0; i < bytes.length; i++) {
      const head = parser.push(bytes.subarray(i, i + 1));
      if (head) return { ...head, rest: Buffer.concat([head.rest, bytes.subarray(i + 1)]) };
    }
    throw new Error('the head never completed');
  };

  it('each side accepts the other, and the frame bytes after each head survive', () => {
    const key = generateKey((n) => Buffer.alloc(n, 0x5a));
    const options: ClientHandshakeOptions = { host: '::1', port: 9001, secure: false, path: '/echo?x=1', subprotocols: ['v2.chat', 'v1.chat'] };
    const maskedFrame = Buffer.from('8185 37fa213d 7f9f4d5158', 'hex');
    const request = trickle(new HttpHeadParser('request'), Buffer.concat([buildClientRequest(options, key), maskedFrame]));
    expect(request.rest).toEqual(maskedFrame);

    const accepted = acceptClientRequest(request, { subprotocols: ['v1.chat', 'v2.chat'] });
    expect(accepted).toMatchObject({ key: 'WlpaWlpaWlpaWlpaWlpaWg==', path: '/echo?x=1', subprotocol: 'v1.chat' });
    expect(request.headers[0]).toEqual(['Host', '[::1]:9001']);

    const frame = Buffer.from('81 05 48656c6c6f'.replace(/ /g, ''), 'hex');
    const response = trickle(new HttpHeadParser('response'), Buffer.concat([accepted.response, frame]));
    const result = checkServerResponse(response, key, options);
    expect(result).toMatchObject({ subprotocol: 'v1.chat', extensions: null, accept: { ok: true, expected: computeAccept(key) } });
    expect(response.rest).toEqual(frame);
  });
});
