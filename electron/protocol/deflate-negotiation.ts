import { HandshakeError } from './errors';
import { formatExtensions, parseExtensions, type ExtensionOffer } from './extension-header';

/** What a user sets for permessage-deflate (RFC 7692), on either side. */
export interface DeflateOptions {
  /** The server resets its compression context after each message (§7.1.1.1). */
  serverNoContextTakeover?: boolean;
  /** The client resets its compression context after each message (§7.1.1.2). */
  clientNoContextTakeover?: boolean;
  /** The server's LZ77 window, 8-15 bits (§7.1.2.1). */
  serverMaxWindowBits?: number;
  /** The client's LZ77 window, 8-15 bits; a client may offer the parameter without a value (§7.1.2.2). */
  clientMaxWindowBits?: number | true;
  /** Messages shorter than this many bytes are sent uncompressed. */
  threshold?: number;
}

/** What was agreed, from one endpoint's point of view. */
export interface DeflateParams {
  /** Reset our compression context after each message we send. */
  outboundNoContextTakeover: boolean;
  /** The peer resets its context after each message, so ours for inflating can too. */
  inboundNoContextTakeover: boolean;
  /** The window we may use when compressing. */
  outboundMaxWindowBits: number;
  /** The header value as agreed, for the timeline. */
  agreed: string;
}

export const DEFLATE = 'permessage-deflate';
export const DEFAULT_THRESHOLD = 1024;

type Params = {
  server_no_context_takeover?: true;
  client_no_context_takeover?: true;
  server_max_window_bits?: number;
  client_max_window_bits?: number | true;
};

/** §7.1: the parameters of one element, or a sentence saying why they are invalid. */
function readParams(offer: ExtensionOffer): Params | string {
  const params: Params = {};
  for (const [name, value] of offer.params) {
    if (name in params) return `the parameter ${name} appears twice`;
    switch (name) {
      case 'server_no_context_takeover':
      case 'client_no_context_takeover':
        if (value !== true) return `${name} takes no value`;
        params[name] = true;
        break;
      case 'server_max_window_bits':
      case 'client_max_window_bits': {
        if (value === true) {
          if (name === 'server_max_window_bits') return 'server_max_window_bits needs a value';
          params[name] = true;
          break;
        }
        const bits = windowBits(value);
        if (bits === null) return `${name}=${value} is not a number from 8 to 15`;
        params[name] = bits;
        break;
      }
      default:
        return `unknown parameter ${name}`;
    }
  }
  return params;
}

/** §7.1.2: a decimal 8-15 with no leading zero. */
function windowBits(value: string): number | null {
  if (!/^(8|9|1[0-5])$/.test(value)) return null;
  return Number(value);
}

/** The client's offer (§5.1); by default `permessage-deflate; client_max_window_bits`. */
export function deflateOffer(options: DeflateOptions): string {
  const params: Array<[string, string | true]> = [];
  if (options.serverNoContextTakeover) params.push(['server_no_context_takeover', true]);
  if (options.clientNoContextTakeover) params.push(['client_no_context_takeover', true]);
  if (options.serverMaxWindowBits !== undefined) params.push(['server_max_window_bits', String(options.serverMaxWindowBits)]);
  const client = options.clientMaxWindowBits ?? true;
  params.push(['client_max_window_bits', client === true ? true : String(client)]);
  return formatExtensions([{ name: DEFLATE, params }]);
}

/**
 * The client checks the server's answer to its offer (§5.1, §7.1). Null when the server
 * declined; throws HandshakeError for an answer the client may not accept. Extensions
 * the client never offered are the handshake's check, not this one's.
 */
export function acceptDeflateResponse(header: string | undefined, offered: DeflateOptions): DeflateParams | null {
  if (header === undefined || header.trim() === '') return null;
  const fail = (why: string) => new HandshakeError('WS_ERR_HANDSHAKE_EXTENSION', `the server's Sec-WebSocket-Extensions is not acceptable: ${why}`);
  let answers: ExtensionOffer[];
  try {
    answers = parseExtensions(header).filter((answer) => answer.name === DEFLATE);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (answers.length === 0) return null;
  if (answers.length > 1) throw fail('permessage-deflate appears more than once');
  const params = readParams(answers[0]);
  if (typeof params === 'string') throw fail(params);
  if (params.client_max_window_bits !== undefined) {
    if (params.client_max_window_bits === true) throw fail('client_max_window_bits needs a value in a response');
    if (typeof offered.clientMaxWindowBits === 'number' && params.client_max_window_bits > offered.clientMaxWindowBits) {
      throw fail(`client_max_window_bits=${params.client_max_window_bits} exceeds the offered ${offered.clientMaxWindowBits}`);
    }
  }
  if (offered.serverMaxWindowBits !== undefined && params.server_max_window_bits !== undefined && params.server_max_window_bits > offered.serverMaxWindowBits) {
    throw fail(`server_max_window_bits=${params.server_max_window_bits} exceeds the offered ${offered.serverMaxWindowBits}`);
  }
  if (offered.serverMaxWindowBits !== undefined && params.server_max_window_bits === undefined) throw fail('server_max_window_bits was offered but not answered');
  if (offered.serverNoContextTakeover && !params.server_no_context_takeover) throw fail('server_no_context_takeover was offered but not answered');
  const clientBits = params.client_max_window_bits;
  return {
    outboundNoContextTakeover: params.client_no_context_takeover === true || offered.clientNoContextTakeover === true,
    inboundNoContextTakeover: params.server_no_context_takeover === true,
    outboundMaxWindowBits: typeof clientBits === 'number' ? clientBits : typeof offered.clientMaxWindowBits === 'number' ? offered.clientMaxWindowBits : 15,
    agreed: header.trim(),
  };
}

/**
 * The server picks the first acceptable permessage-deflate offer (§5.1, §7.1) and says
 * what to answer. Offers with unknown, repeated or invalid parameters are declined.
 */
export function negotiateDeflate(header: string | undefined, options: DeflateOptions): DeflateParams | null {
  if (header === undefined) return null;
  let offers: ExtensionOffer[];
  try {
    offers = parseExtensions(header);
  } catch {
    return null; // A malformed header is treated as no offer: the connection proceeds without extensions.
  }
  for (const offer of offers) {
    if (offer.name !== DEFLATE) continue;
    const params = readParams(offer);
    if (typeof params === 'string') continue;
    const answer: Array<[string, string | true]> = [];
    const serverNoContext = params.server_no_context_takeover === true || options.serverNoContextTakeover === true;
    if (serverNoContext) answer.push(['server_no_context_takeover', true]);
    const clientNoContext = params.client_no_context_takeover === true || options.clientNoContextTakeover === true;
    if (clientNoContext) answer.push(['client_no_context_takeover', true]);
    const serverBits = minBits(params.server_max_window_bits, options.serverMaxWindowBits);
    if (serverBits !== undefined) answer.push(['server_max_window_bits', String(serverBits)]);
    // §7.1.2.2: the server may only answer client_max_window_bits if the client offered it.
    if (params.client_max_window_bits !== undefined && typeof options.clientMaxWindowBits === 'number') {
      const offered = params.client_max_window_bits === true ? 15 : params.client_max_window_bits;
      answer.push(['client_max_window_bits', String(Math.min(offered, options.clientMaxWindowBits))]);
    }
    return {
      outboundNoContextTakeover: serverNoContext,
      inboundNoContextTakeover: clientNoContext,
      outboundMaxWindowBits: serverBits ?? 15,
      agreed: formatExtensions([{ name: DEFLATE, params: answer }]),
    };
  }
  return null;
}

function minBits(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
