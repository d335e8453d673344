// RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry".
export interface CloseCodeInfo {
  code: number;
  name: string;
  meaning: string;
  /** May this code appear in a Close frame on the wire (§7.4.1: 1005, 1006 and 1015 may not)? */
  onWire: boolean;
}

export const CLOSE_CODES: readonly CloseCodeInfo[] = [
  { code: 1000, name: 'Normal Closure', meaning: 'The purpose for which the connection was established has been fulfilled.', onWire: true },
  { code: 1001, name: 'Going Away', meaning: 'An endpoint is going away, such as a server going down or a browser leaving a page.', onWire: true },
  { code: 1002, name: 'Protocol Error', meaning: 'An endpoint is terminating the connection due to a protocol error.', onWire: true },
  { code: 1003, name: 'Unsupported Data', meaning: 'An endpoint received a type of data it cannot accept.', onWire: true },
  { code: 1005, name: 'No Status Received', meaning: 'No status code was present in the Close frame (never sent on the wire).', onWire: false },
  { code: 1006, name: 'Abnormal Closure', meaning: 'The connection was closed without a Close frame (never sent on the wire).', onWire: false },
  { code: 1007, name: 'Invalid Payload Data', meaning: 'A message contained data inconsistent with its type, such as non-UTF-8 text.', onWire: true },
  { code: 1008, name: 'Policy Violation', meaning: 'A message violated the endpoint\'s policy.', onWire: true },
  { code: 1009, name: 'Message Too Big', meaning: 'A message was too big to process.', onWire: true },
  { code: 1010, name: 'Mandatory Extension', meaning: 'The client expected the server to negotiate an extension it did not.', onWire: true },
  { code: 1011, name: 'Internal Error', meaning: 'The server met an unexpected condition that prevented it from fulfilling the request.', onWire: true },
  { code: 1012, name: 'Service Restart', meaning: 'The service is restarting.', onWire: true },
  { code: 1013, name: 'Try Again Later', meaning: 'The service is temporarily overloaded.', onWire: true },
  { code: 1014, name: 'Bad Gateway', meaning: 'A gateway or proxy received an invalid response from the upstream server.', onWire: true },
  { code: 1015, name: 'TLS Handshake', meaning: 'The TLS handshake failed (never sent on the wire).', onWire: false },
];

const byCode = new Map(CLOSE_CODES.map((info) => [info.code, info]));

export type CloseCodeClass = 'invalid' | 'named' | 'reserved' | 'registered' | 'private';

/**
 * A total classification of any 16-bit close code (§7.4.2):
 * 0-999 unused; 1000-2999 reserved for the protocol (named ones listed above);
 * 3000-3999 registered with IANA; 4000-4999 private use; above that, invalid.
 */
export function classifyCloseCode(code: number): CloseCodeClass {
  if (!Number.isInteger(code) || code < 1000 || code > 4999) return 'invalid';
  if (byCode.has(code)) return 'named';
  if (code < 3000) return 'reserved';
  return code < 4000 ? 'registered' : 'private';
}

export function closeCodeInfo(code: number): CloseCodeInfo | undefined {
  return byCode.get(code);
}

/** A one-line name for any code, for logs and the timeline. */
export function closeCodeName(code: number): string {
  const info = byCode.get(code);
  if (info) return info.name;
  const cls = classifyCloseCode(code);
  return cls === 'registered' ? 'Registered' : cls === 'private' ? 'Private Use' : cls === 'reserved' ? 'Reserved' : 'Invalid';
}

/** May an endpoint send or accept this code in a Close frame (§7.4)? */
export function isValidWireCloseCode(code: number): boolean {
  const cls = classifyCloseCode(code);
  if (cls === 'named') return byCode.get(code)!.onWire;
  return cls === 'registered' || cls === 'private';
}
