import { isUtf8 } from 'node:buffer';
import { isValidWireCloseCode } from '../../shared/close-codes';
import { ProtocolError } from './errors';

/** What a Close frame carried (RFC 6455 §5.5.1); 1005 stands for "no status code". */
export interface CloseInfo {
  code: number;
  reason: string;
}

export const NO_STATUS = 1005;

/** Parse and check a received Close payload (§5.5.1, §7.4). Throws ProtocolError. */
export function parseClosePayload(payload: Uint8Array): CloseInfo {
  if (payload.length === 0) return { code: NO_STATUS, reason: '' };
  if (payload.length === 1) throw new ProtocolError('WS_ERR_CLOSE_PAYLOAD', 1002, 'a Close frame with a 1-byte payload has no room for a status code');
  const code = (payload[0] << 8) | payload[1];
  if (!isValidWireCloseCode(code)) throw new ProtocolError('WS_ERR_CLOSE_CODE', 1002, `the peer sent the invalid close code ${code}`);
  const reasonBytes = payload.subarray(2);
  if (!isUtf8(reasonBytes)) throw new ProtocolError('WS_ERR_INVALID_UTF8', 1007, 'the close reason is not valid UTF-8');
  return { code, reason: Buffer.from(reasonBytes.buffer, reasonBytes.byteOffset, reasonBytes.length).toString('utf8') };
}

/** Build a Close payload; throws RangeError for a code or reason that may not be sent (§5.5, §7.4). */
export function buildClosePayload(code: number | undefined, reason = ''): Buffer {
  if (code === undefined || code === NO_STATUS) {
    if (reason !== '') throw new RangeError('a close reason needs a status code');
    return Buffer.alloc(0);
  }
  if (!isValidWireCloseCode(code)) throw new RangeError(`${code} is not a close code that may be sent`);
  const reasonBytes = Buffer.from(reason, 'utf8');
  // A control frame's payload is at most 125 bytes, two of them the code.
  if (reasonBytes.length > 123) throw new RangeError(`the close reason is ${reasonBytes.length} bytes; at most 123 fit`);
  const payload = Buffer.allocUnsafe(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return payload;
}
