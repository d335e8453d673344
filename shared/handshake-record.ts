/** The opening handshake as the timeline shows it (RFC 6455 §4). */
export interface HandshakeRecord {
  role: 'client' | 'server';
  /** The request head exactly as sent or received (latin1), or null when none arrived. */
  request: string | null;
  /** The response head exactly as sent or received, or null when none arrived. */
  response: string | null;
  status: number | null;
  /** The Sec-WebSocket-Accept check spelled out (§4.2.2 step 5.4, §4.1 step 4). */
  accept: AcceptCheck | null;
  subprotocol: string | null;
  extensions: string | null;
  /** One line saying why the handshake failed, or null when it succeeded. */
  error: string | null;
  /** For wss://, what the TLS layer agreed; added by the transport. */
  tls?: TlsInfo;
}

export interface AcceptCheck {
  key: string;
  expected: string;
  received: string | null;
  ok: boolean;
}

/** What the TLS layer agreed, for wss:// (shown beside the handshake). */
export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  /** Whether the peer's certificate chain was verified against the trusted CAs. */
  authorized: boolean;
  authorizationError: string | null;
  peerCertificate: PeerCertificate | null;
}

export interface PeerCertificate {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  subjectAltName: string | null;
}
