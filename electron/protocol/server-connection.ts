import type { HandshakeRecord } from '../../shared/handshake-record';
import { computeAccept } from './accept';
import { Connection, type ConnectionOptions, type ConnectionSink } from './connection';
import { HandshakeError, ProtocolError } from './errors';
import { DeflateCodec } from './deflate-codec';
import { DEFAULT_THRESHOLD, negotiateDeflate, type DeflateOptions } from './deflate-negotiation';
import { acceptClientRequest, buildAcceptResponse, buildErrorResponse, type ServerHandshakeOptions } from './handshake-server';
import { wrongKey, type HandshakeFaults } from './handshake-faults';
import { HttpHeadParser, type HttpHead } from './http-head';

export interface ServerConnectionOptions extends ConnectionOptions, ServerHandshakeOptions {
  /** Accept permessage-deflate offers (RFC 7692) with these parameters; absent to decline them. */
  deflate?: DeflateOptions;
  /** Answer the handshake wrongly on purpose (a misbehaving server for testing clients). */
  handshakeFaults?: HandshakeFaults;
}

/** The server side: reads the opening request, answers it (RFC 6455 §4.2), then frames. */
export class ServerConnection extends Connection {
  private readonly parser = new HttpHeadParser('request');
  private accepted: { path: string; origin: string | undefined; subprotocol: string | null } | null = null;

  constructor(
    private readonly options: ServerConnectionOptions,
    sink: ConnectionSink,
  ) {
    super('server', sink, options);
  }

  /** The request target, once the handshake is done. */
  get path(): string | null {
    return this.accepted?.path ?? null;
  }

  get subprotocol(): string | null {
    return this.accepted?.subprotocol ?? null;
  }

  protected override receiveHandshakeData(chunk: Buffer): void {
    let head: HttpHead | null = null;
    try {
      head = this.parser.push(chunk);
      if (head === null) return;
      const result = acceptClientRequest(head, this.options);
      this.accepted = { path: result.path, origin: result.origin, subprotocol: result.subprotocol };
      const { deflate } = this.options;
      const params = deflate ? negotiateDeflate(result.extensionsOffered ?? undefined, deflate) : null;
      if (params) this.enableDeflate(new DeflateCodec(params, deflate?.threshold ?? DEFAULT_THRESHOLD));
      const faults = this.options.handshakeFaults ?? {};
      if (faults.status !== undefined && faults.status !== 101) {
        this.refuse(new HandshakeError('WS_ERR_FAULT_STATUS', `answered ${faults.status} instead of 101 on purpose (misbehaving server)`, faults.status), head);
        return;
      }
      const extensions = [params?.agreed, faults.extension].filter((value): value is string => value !== undefined);
      const response = buildAcceptResponse(
        faults.wrongAccept ? wrongKey(result.key) : result.key,
        faults.subprotocol ?? result.subprotocol,
        extensions.length > 0 ? [['Sec-WebSocket-Extensions', extensions.join(', ')]] : [],
      );
      this.sink.write([response]);
      this.sink.handshake?.({
        role: 'server',
        request: head.raw.toString('latin1'),
        response: response.toString('latin1'),
        status: 101,
        accept: { key: result.key, expected: computeAccept(result.key), received: computeAccept(faults.wrongAccept ? wrongKey(result.key) : result.key), ok: !faults.wrongAccept },
        subprotocol: faults.subprotocol ?? result.subprotocol,
        extensions: extensions.length > 0 ? extensions.join(', ') : null,
        error: null,
      });
      this.open(head.rest);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.refuse(error, head);
    }
  }

  /** Answer a bad request with a proper HTTP error (§4.2.1) and close. */
  private refuse(error: ProtocolError, head: HttpHead | null): void {
    const handshakeError = error instanceof HandshakeError ? error : new HandshakeError(error.code, error.message, 400);
    const response = buildErrorResponse(handshakeError);
    this.sink.write([response]);
    const record: HandshakeRecord = {
      role: 'server',
      request: head ? head.raw.toString('latin1') : null,
      response: response.toString('latin1'),
      status: handshakeError.status ?? 400,
      accept: null,
      subprotocol: null,
      extensions: null,
      error: error.message,
    };
    this.sink.handshake?.(record);
    this.abort(error);
  }
}
