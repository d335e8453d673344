import { randomBytes } from 'node:crypto';
import type { AcceptCheck, HandshakeRecord } from '../../shared/handshake-record';
import { Connection, type ConnectionOptions, type ConnectionSink } from './connection';
import { HandshakeError, ProtocolError } from './errors';
import { computeAccept } from './accept';
import { DeflateCodec } from './deflate-codec';
import { acceptDeflateResponse, DEFAULT_THRESHOLD, deflateOffer, type DeflateOptions } from './deflate-negotiation';
import { buildClientRequest, checkServerResponse, generateKey, type ClientHandshakeOptions } from './handshake-client';
import { headerValue, HttpHeadParser, type HttpHead } from './http-head';

export interface ClientConnectionOptions extends ConnectionOptions, ClientHandshakeOptions {
  /** The Sec-WebSocket-Key to send; a fresh random one by default (tests inject it). */
  key?: string;
  /** Offer permessage-deflate (RFC 7692) with these parameters. */
  deflate?: DeflateOptions;
}

/** The client side: sends the opening request, checks the answer (RFC 6455 §4.1), then frames. */
export class ClientConnection extends Connection {
  readonly key: string;
  private readonly parser = new HttpHeadParser('response');
  private readonly request: Buffer;
  private negotiated: { subprotocol: string | null; extensions: string | null } = { subprotocol: null, extensions: null };

  private readonly options: ClientConnectionOptions;

  constructor(options: ClientConnectionOptions, sink: ConnectionSink) {
    super('client', sink, options);
    this.key = options.key ?? generateKey(randomBytes);
    const offers = [...(options.extensions ?? []), ...(options.deflate ? [deflateOffer(options.deflate)] : [])];
    this.options = { ...options, extensions: offers };
    // Built now, so that a header the user set that cannot be sent fails at once (HandshakeError).
    this.request = buildClientRequest(this.options, this.key);
  }

  get subprotocol(): string | null {
    return this.negotiated.subprotocol;
  }

  /** Write the opening request, once the transport is ready. */
  start(): void {
    this.sink.write([this.request]);
  }

  protected override receiveHandshakeData(chunk: Buffer): void {
    let head: HttpHead | null;
    try {
      head = this.parser.push(chunk);
      if (head === null) return;
    } catch (error) {
      this.reject(error, null);
      return;
    }
    try {
      const result = checkServerResponse(head, this.key, this.options);
      const { deflate } = this.options;
      // An offer written by hand (options.extensions) can be accepted, but only the deflate option runs the codec.
      const params = acceptDeflateResponse(result.extensions ?? undefined, deflate ?? {});
      if (params && !deflate) {
        throw new HandshakeError('WS_ERR_HANDSHAKE_EXTENSION', 'the server agreed to permessage-deflate, offered by hand; turn on deflate to use it');
      }
      if (params) this.enableDeflate(new DeflateCodec(params, deflate?.threshold ?? DEFAULT_THRESHOLD));
      this.negotiated = { subprotocol: result.subprotocol, extensions: result.extensions };
      this.sink.handshake?.(this.record(head, acceptOf(head, this.key), null));
      this.open(head.rest);
    } catch (error) {
      this.reject(error, head);
    }
  }

  private reject(error: unknown, head: HttpHead | null): void {
    if (!(error instanceof ProtocolError)) throw error;
    this.sink.handshake?.(this.record(head, head ? acceptOf(head, this.key) : null, error.message));
    this.abort(error);
  }

  private record(head: HttpHead | null, accept: HandshakeRecord['accept'], error: string | null): HandshakeRecord {
    return {
      role: 'client',
      request: this.request.toString('latin1'),
      response: head ? head.raw.toString('latin1') : null,
      status: head?.status ?? null,
      accept,
      subprotocol: this.negotiated.subprotocol,
      extensions: this.negotiated.extensions,
      error,
    };
  }
}

/** The Sec-WebSocket-Accept check spelled out for the timeline (§4.1, step 4 of the response checks). */
function acceptOf(head: HttpHead, key: string): AcceptCheck {
  const expected = computeAccept(key);
  const received = headerValue(head, 'sec-websocket-accept') ?? null;
  return { key, expected, received, ok: received === expected };
}
