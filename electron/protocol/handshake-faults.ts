/**
 * Ways a server's opening handshake can be wrong on purpose, so that a client under
 * test meets each failure of RFC 6455 §4.1 (step 4 of the client's checks).
 */
export interface HandshakeFaults {
  /** Answer with a Sec-WebSocket-Accept computed from the wrong key. */
  wrongAccept?: boolean;
  /** Answer with this status instead of 101 Switching Protocols, then close. */
  status?: number;
  /** Select this subprotocol although the client did not offer it. */
  subprotocol?: string;
  /** Enable this extension although the client did not offer it. */
  extension?: string;
}

/** A key whose accept value differs from the real one. */
export function wrongKey(key: string): string {
  return `${key}-not-this-one`;
}

/** One line per fault that is on, for the server's timeline. */
export function describeHandshakeFaults(faults: HandshakeFaults): string[] {
  const lines: string[] = [];
  if (faults.wrongAccept) lines.push('answers with a wrong Sec-WebSocket-Accept');
  if (faults.status !== undefined && faults.status !== 101) lines.push(`answers ${faults.status} instead of 101`);
  if (faults.subprotocol) lines.push(`selects the subprotocol ${JSON.stringify(faults.subprotocol)} whether offered or not`);
  if (faults.extension) lines.push(`enables the extension ${JSON.stringify(faults.extension)} whether offered or not`);
  return lines;
}
