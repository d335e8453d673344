/**
 * Every protocol failure carries the close code to send and a stable string code
 * (STYLE.md §1). The message is for the local user; it is never sent to the peer.
 */
export class ProtocolError extends Error {
  readonly code: string;
  readonly closeCode: number;

  constructor(code: string, closeCode: number, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.closeCode = closeCode;
  }
}

/** Handshake failures: no close frame can be sent, so the close code is 1006 for the local side. */
export class HandshakeError extends ProtocolError {
  /** For server-side failures: the HTTP status to answer with (400, 403, 426...). */
  readonly status: number | undefined;

  constructor(code: string, message: string, status?: number) {
    super(code, 1006, message);
    this.name = 'HandshakeError';
    this.status = status;
  }
}
