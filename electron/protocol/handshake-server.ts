import { computeAccept } from './accept';
import { HandshakeError } from './errors';
import { buildHead, excerpt, headerTokens, headerValue, isToken, trimOws, type HttpHead } from './http-head';

export interface ServerHandshakeOptions {
  /** Subprotocols the server speaks, most preferred first. */
  subprotocols?: string[];
  /** Return false to refuse the Origin (RFC 6455 §10.2); undefined when the client sent none. */
  checkOrigin?: (origin: string | undefined) => boolean;
}

export interface ServerHandshakeResult {
  key: string;
  subprotocol: string | null;
  origin: string | undefined;
  /** The resource name (§3): path and query. */
  path: string;
  request: HttpHead;
  /** The 101 response bytes to write. */
  response: Buffer;
  extensionsOffered: string | null;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  401: 'Unauthorized',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  414: 'URI Too Long',
  426: 'Upgrade Required',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** RFC 6455 §4.2.1: check the client's request; §4.2.2: build the 101 answer. Throws HandshakeError with `status`. */
export function acceptClientRequest(head: HttpHead, opts: ServerHandshakeOptions): ServerHandshakeResult {
  // §4.2.1 item 1: an HTTP/1.1 or higher GET request.
  if (head.method !== 'GET') throw new HandshakeError('WS_ERR_HANDSHAKE_METHOD', `expected a GET request, got ${excerpt(head.method ?? '')}`, 405);
  if (Number(head.version) < 1.1) {
    throw new HandshakeError('WS_ERR_HANDSHAKE_HTTP_VERSION', `WebSocket needs HTTP/1.1 or later, the client sent HTTP/${head.version}`, 400);
  }
  const path = resourceName(head.target ?? '');
  // §4.2.1 item 2; RFC 7230 §5.4: exactly one Host header.
  const hosts = head.headers.filter(([name]) => name.toLowerCase() === 'host').length;
  if (hosts !== 1) {
    throw new HandshakeError('WS_ERR_HANDSHAKE_HOST', hosts === 0 ? 'the request has no Host header' : `the request has ${hosts} Host headers`, 400);
  }
  // §4.2.1 items 3 and 4.
  if (!headerTokens(head, 'upgrade').includes('websocket')) {
    const upgrade = headerValue(head, 'upgrade');
    const got = upgrade === undefined ? 'no Upgrade header' : `Upgrade: ${excerpt(upgrade)}`;
    throw new HandshakeError('WS_ERR_HANDSHAKE_UPGRADE', `the request lacks Upgrade: websocket (got ${got})`, 400);
  }
  if (!headerTokens(head, 'connection').includes('upgrade')) {
    const connection = headerValue(head, 'connection');
    const got = connection === undefined ? 'no Connection header' : `Connection: ${excerpt(connection)}`;
    throw new HandshakeError('WS_ERR_HANDSHAKE_CONNECTION', `the request lacks Connection: Upgrade (got ${got})`, 400);
  }
  // §4.2.1 item 6 and §4.2.2 /version/: 426 tells the client which version we speak.
  const version = headerValue(head, 'sec-websocket-version');
  if (version !== '13') {
    const got = version === undefined ? 'the request has no Sec-WebSocket-Version header' : `unsupported Sec-WebSocket-Version ${excerpt(version)}`;
    throw new HandshakeError('WS_ERR_HANDSHAKE_VERSION', `${got}; this server speaks version 13`, 426);
  }
  // §4.2.1 item 5.
  const key = headerValue(head, 'sec-websocket-key');
  if (key === undefined) throw new HandshakeError('WS_ERR_HANDSHAKE_KEY', 'the request has no Sec-WebSocket-Key header', 400);
  if (!isBase64Nonce(key)) {
    throw new HandshakeError('WS_ERR_HANDSHAKE_KEY', `Sec-WebSocket-Key must be 16 bytes in base64 (24 characters ending in ==), got "${excerpt(key)}"`, 400);
  }
  // §4.2.2 step 4 /origin/ and §10.2.
  const origin = headerValue(head, 'origin');
  if (opts.checkOrigin && !opts.checkOrigin(origin)) {
    const message = origin === undefined ? 'requests without an Origin header are not allowed' : `origin ${excerpt(origin)} is not allowed`;
    throw new HandshakeError('WS_ERR_HANDSHAKE_ORIGIN', message, 403);
  }
  const subprotocol = selectSubprotocol(head, opts.subprotocols ?? []);
  return {
    key,
    subprotocol,
    origin,
    path,
    request: head,
    response: buildAcceptResponse(key, subprotocol),
    extensionsOffered: headerValue(head, 'sec-websocket-extensions') ?? null,
  };
}

/** RFC 6455 §4.2.2 step 5: the 101 answer. `extraHeaders` carries negotiated extensions. */
export function buildAcceptResponse(key: string, subprotocol: string | null, extraHeaders: Array<[string, string]> = []): Buffer {
  const headers: Array<[string, string]> = [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', computeAccept(key)],
  ];
  if (subprotocol !== null) headers.push(['Sec-WebSocket-Protocol', subprotocol]);
  return buildHead('HTTP/1.1 101 Switching Protocols', [...headers, ...extraHeaders]);
}

/**
 * A complete HTTP error answer (§4.2.1: "return an HTTP response with an appropriate error
 * code"); the connection closes after it. The body is the message, which only describes the
 * client's own request.
 */
export function buildErrorResponse(error: HandshakeError): Buffer {
  const status = error.status ?? 400;
  const body = Buffer.from(`${error.message}\n`, 'utf8');
  const headers: Array<[string, string]> = [
    ['Connection', 'close'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', String(body.length)],
  ];
  // §4.2.2 /version/: name the versions we understand. RFC 7231 §6.5.5: 405 lists allowed methods.
  if (status === 426) headers.push(['Sec-WebSocket-Version', '13']);
  if (status === 405) headers.push(['Allow', 'GET']);
  return Buffer.concat([buildHead(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`, headers), body]);
}

/** §4.2.1 item 1: a path, or an absolute http(s) URI whose path and query are the resource name. */
function resourceName(target: string): string {
  if (target.startsWith('/')) return target;
  const scheme = target.startsWith('http://') ? 7 : target.startsWith('https://') ? 8 : 0;
  if (scheme > 0) {
    let authorityEnd = scheme;
    while (authorityEnd < target.length && target[authorityEnd] !== '/' && target[authorityEnd] !== '?') authorityEnd++;
    const rest = target.slice(authorityEnd);
    if (authorityEnd > scheme) return rest.startsWith('/') ? rest : `/${rest}`;
  }
  throw new HandshakeError('WS_ERR_HANDSHAKE_TARGET', `the request target "${excerpt(target)}" is neither a path nor an http(s) URI`, 400);
}

/** Base64 of exactly 16 bytes (RFC 4648 §4): 22 alphabet characters then "==". */
function isBase64Nonce(key: string): boolean {
  if (key.length !== 24 || !key.endsWith('==')) return false;
  for (let i = 0; i < 22; i++) {
    const c = key.charCodeAt(i);
    const alphabet = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!alphabet) return false;
  }
  return true;
}

/** §4.2.2 step 4 /subprotocol/: the first of the server's list, in server order, that the client offered. */
function selectSubprotocol(head: HttpHead, supported: readonly string[]): string | null {
  const value = headerValue(head, 'sec-websocket-protocol');
  if (value === undefined) return null;
  // §4.1 step 10: 1#token, all unique; case matters.
  const offered = value.split(',').map(trimOws).filter((element) => element !== '');
  const valid = offered.length > 0 && offered.every(isToken) && new Set(offered).size === offered.length;
  if (!valid) throw new HandshakeError('WS_ERR_HANDSHAKE_SUBPROTOCOL', `Sec-WebSocket-Protocol must be a list of unique tokens, got "${excerpt(value)}"`, 400);
  return supported.find((protocol) => offered.includes(protocol)) ?? null;
}
