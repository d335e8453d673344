import type { AcceptCheck } from '../../shared/handshake-record';
import { computeAccept } from './accept';
import { HandshakeError } from './errors';
import { buildHead, excerpt, headerTokens, headerValue, isToken, trimOws, type HttpHead } from './http-head';

export interface ClientHandshakeOptions {
  host: string;
  port: number;
  secure: boolean;
  /** Path and query, e.g. '/chat?x=1' (RFC 6455 §3 /resource name/). */
  path: string;
  origin?: string;
  subprotocols?: string[];
  /** Raw Sec-WebSocket-Extensions offers, e.g. 'permessage-deflate; client_max_window_bits'. */
  extensions?: string[];
  /** Extra headers, sent after the handshake's own. */
  headers?: Array<[string, string]>;
}

export interface ClientHandshakeResult {
  subprotocol: string | null;
  /** The server's Sec-WebSocket-Extensions value (§4.1 _Extensions In Use_), or null. */
  extensions: string | null;
  accept: AcceptCheck;
  response: HttpHead;
}

/** A refused server response, with the Accept check spelled out for the UI. */
export class ClientHandshakeError extends HandshakeError {
  constructor(
    code: string,
    message: string,
    readonly accept: AcceptCheck,
    readonly response: HttpHead,
  ) {
    super(code, message);
    this.name = 'ClientHandshakeError';
  }
}

/** Headers the handshake writes itself; a user header with one of these names would contradict it. */
const HANDSHAKE_HEADERS = new Set(['host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'origin']);

/** RFC 6455 §4.1 step 7: the base64 of a fresh 16-byte nonce; `random` is crypto.randomBytes outside tests. */
export function generateKey(random: (n: number) => Buffer): string {
  const nonce = random(16);
  if (nonce.length !== 16) throw new Error(`generateKey: random(16) returned ${nonce.length} bytes`);
  return nonce.toString('base64');
}

/** RFC 6455 §4.1: the opening request, headers in the order the RFC lists them, then the user's. */
export function buildClientRequest(opts: ClientHandshakeOptions, key: string): Buffer {
  checkPath(opts.path);
  const headers: Array<[string, string]> = [
    ['Host', hostHeader(opts)],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', '13'],
  ];
  if (opts.origin !== undefined) headers.push(['Origin', opts.origin]);
  const protocols = opts.subprotocols ?? [];
  if (protocols.length > 0) {
    checkSubprotocols(protocols);
    headers.push(['Sec-WebSocket-Protocol', protocols.join(', ')]);
  }
  const extensions = opts.extensions ?? [];
  if (extensions.length > 0) headers.push(['Sec-WebSocket-Extensions', extensions.join(', ')]);
  for (const [name, value] of opts.headers ?? []) {
    if (HANDSHAKE_HEADERS.has(name.toLowerCase())) {
      throw new HandshakeError('WS_ERR_INVALID_HEADER', `the ${name} header is set by the handshake itself; use the connection options instead`);
    }
    headers.push([name, value]);
  }
  return buildHead(`GET ${opts.path} HTTP/1.1`, headers);
}

/** RFC 6455 §4.1, the client's checks of the server's response, in the RFC's order. */
export function checkServerResponse(head: HttpHead, key: string, opts: ClientHandshakeOptions): ClientHandshakeResult {
  const expected = computeAccept(key);
  const received = headerValue(head, 'sec-websocket-accept') ?? null;
  const accept: AcceptCheck = { key, expected, received, ok: received === expected };
  const fail = (code: string, message: string): ClientHandshakeError => new ClientHandshakeError(code, message, accept, head);

  // Step 1: anything but 101 is an HTTP answer, not a WebSocket one.
  if (head.status !== 101) {
    const answer = head.reason ? `${head.status} ${excerpt(head.reason)}` : `${head.status}`;
    throw fail('WS_ERR_HANDSHAKE_STATUS', `server answered ${answer} instead of 101 Switching Protocols`);
  }
  // Step 2.
  const upgrade = headerValue(head, 'upgrade');
  if (upgrade === undefined) throw fail('WS_ERR_HANDSHAKE_UPGRADE', 'server response has no Upgrade header');
  if (upgrade.toLowerCase() !== 'websocket') {
    throw fail('WS_ERR_HANDSHAKE_UPGRADE', `server answered Upgrade: ${excerpt(upgrade)} instead of Upgrade: websocket`);
  }
  // Step 3.
  if (!headerTokens(head, 'connection').includes('upgrade')) {
    const connection = headerValue(head, 'connection');
    const got = connection === undefined ? 'no Connection header' : `Connection: ${excerpt(connection)}`;
    throw fail('WS_ERR_HANDSHAKE_CONNECTION', `server response lacks Connection: Upgrade (got ${got})`);
  }
  // Step 4: the value is already trimmed of surrounding whitespace by the parser.
  if (received === null) throw fail('WS_ERR_HANDSHAKE_ACCEPT', `server response has no Sec-WebSocket-Accept header (expected ${expected})`);
  if (!accept.ok) throw fail('WS_ERR_HANDSHAKE_ACCEPT', `Sec-WebSocket-Accept mismatch: expected ${expected}, got ${excerpt(received)}`);
  // Step 5.
  const extensions = headerValue(head, 'sec-websocket-extensions') ?? null;
  if (extensions !== null) checkExtensions(extensions, opts.extensions ?? [], fail);
  // Step 6.
  const subprotocol = headerValue(head, 'sec-websocket-protocol') ?? null;
  if (subprotocol !== null) checkSubprotocol(subprotocol, opts.subprotocols ?? [], fail);
  return { subprotocol, extensions, accept, response: head };
}

type Fail = (code: string, message: string) => ClientHandshakeError;

/** §4.1 step 6 and §4.2.2 step 4: the server picks exactly one of the offered tokens. */
function checkSubprotocol(selected: string, offered: readonly string[], fail: Fail): void {
  const code = 'WS_ERR_HANDSHAKE_SUBPROTOCOL';
  if (offered.length === 0) throw fail(code, `server selected subprotocol "${excerpt(selected)}" but the client offered none`);
  if (!offered.includes(selected)) {
    throw fail(code, `server selected subprotocol "${excerpt(selected)}", which the client did not offer (offered: ${offered.join(', ')})`);
  }
}

/** §4.1 step 5: every extension the server names must be one the client offered (§9.1). */
function checkExtensions(value: string, offers: readonly string[], fail: Fail): void {
  const code = 'WS_ERR_HANDSHAKE_EXTENSION';
  const names = extensionNames(value);
  if (names === null) throw fail(code, `server sent a malformed Sec-WebSocket-Extensions header: "${excerpt(value)}"`);
  if (offers.length === 0) throw fail(code, `server enabled extension ${names[0]} but the client offered none`);
  const offered = offers.flatMap((offer) => extensionNames(offer) ?? []);
  const unknown = names.find((name) => !offered.includes(name));
  if (unknown !== undefined) throw fail(code, `server enabled extension ${unknown}, which the client did not offer`);
}

/**
 * The extension tokens of a §9.1 extension-list, or null when it is not one. Commas inside a
 * quoted parameter value do not split elements, so this walks characters rather than splitting.
 */
function extensionNames(value: string): string[] | null {
  const names: string[] = [];
  let elementStart = 0;
  let inQuotes = false;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
      else if (c === undefined) return null;
    } else if (c === '"') {
      inQuotes = true;
    } else if (c === ',' || c === undefined) {
      const element = value.slice(elementStart, i);
      const semicolon = element.indexOf(';');
      const name = trimOws(semicolon === -1 ? element : element.slice(0, semicolon));
      // RFC 7230 §7: empty list elements are allowed and ignored.
      if (name !== '' && !isToken(name)) return null;
      if (name !== '') names.push(name);
      else if (trimOws(element) !== '') return null;
      elementStart = i + 1;
    }
  }
  return names.length > 0 && !inQuotes ? names : null;
}

/** RFC 6455 §4.1 step 10: non-empty tokens, all unique. */
function checkSubprotocols(protocols: readonly string[]): void {
  for (const protocol of protocols) {
    if (!isToken(protocol)) {
      throw new HandshakeError('WS_ERR_INVALID_SUBPROTOCOL', `subprotocol "${excerpt(protocol)}" is not a valid token (no spaces, commas or separators)`);
    }
  }
  const duplicate = protocols.find((protocol, i) => protocols.indexOf(protocol) !== i);
  if (duplicate !== undefined) throw new HandshakeError('WS_ERR_INVALID_SUBPROTOCOL', `subprotocol "${duplicate}" is offered twice`);
}

/** RFC 6455 §3 / §4.1 step 3.4: the resource name is a path starting with "/", visible ASCII only. */
function checkPath(path: string): void {
  let ok = path.startsWith('/');
  for (let i = 0; ok && i < path.length; i++) ok = path.charCodeAt(i) > 0x20 && path.charCodeAt(i) < 0x7f && path[i] !== '#';
  if (!ok) throw new HandshakeError('WS_ERR_INVALID_URL', `invalid request path "${excerpt(path)}": it must start with "/" and contain no spaces, control characters or fragment`);
}

/** Characters of a reg-name or an IP literal (RFC 3986 §3.2.2), before any brackets. */
const HOST_CHARS = new Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:");

/** RFC 6455 §4.1 step 4: host, plus ":port" only when it is not the scheme's default; IPv6 in brackets. */
function hostHeader(opts: ClientHandshakeOptions): string {
  const bare = opts.host.startsWith('[') && opts.host.endsWith(']') ? opts.host.slice(1, -1) : opts.host;
  if (bare === '' || [...bare].some((c) => !HOST_CHARS.has(c))) throw new HandshakeError('WS_ERR_INVALID_URL', `invalid host "${excerpt(opts.host)}"`);
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
    throw new HandshakeError('WS_ERR_INVALID_URL', `invalid port ${opts.port}: it must be a whole number from 1 to 65535`);
  }
  const host = bare.includes(':') ? `[${bare}]` : bare;
  const defaultPort = opts.secure ? 443 : 80;
  return opts.port === defaultPort ? host : `${host}:${opts.port}`;
}
