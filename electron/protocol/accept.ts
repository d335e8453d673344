import { createHash } from 'node:crypto';

/** RFC 6455 §1.3: the GUID a server appends to the client's key. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** RFC 6455 §4.2.2 step 5.4: base64(SHA-1(key + GUID)), with the key as sent (not base64-decoded). */
export function computeAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID, 'latin1').digest('base64');
}
