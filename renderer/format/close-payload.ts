import { classifyCloseCode, closeCodeInfo, closeCodeName } from '../../shared/close-codes';
import { checkUtf8, type Utf8Report } from './utf8-report';
import { decodeText } from './payload-text';

/** A Close frame's body (RFC 6455 §5.5.1): a 2-byte code, then a UTF-8 reason. */
export interface ClosePayload {
  /** null when the payload is empty (no status: the receiver reports 1005) or has one byte (invalid). */
  code: number | null;
  name: string;
  meaning: string;
  reason: string;
  reasonUtf8: Utf8Report;
}

const CLASS_MEANING = {
  invalid: 'Not a close code: 0-999 are unused and codes above 4999 are undefined (§7.4.2).',
  reserved: 'Reserved for future versions of the protocol and extensions (§7.4.2).',
  registered: 'For libraries, frameworks and applications, registered with IANA (§7.4.2).',
  private: 'For private use by agreement between the endpoints (§7.4.2).',
  named: '',
};

export function parseClosePayload(payload: Uint8Array): ClosePayload {
  if (payload.length < 2) {
    const none = payload.length === 0;
    return {
      code: null,
      name: none ? 'No status code' : 'Invalid',
      meaning: none ? 'The frame has no body: the receiver reports 1005 No Status Received (§7.1.5).' : 'A one-byte body has no room for a status code (§5.5.1).',
      reason: '',
      reasonUtf8: { status: 'valid' },
    };
  }
  const code = (payload[0] << 8) | payload[1];
  const reasonBytes = payload.subarray(2);
  return {
    code,
    name: closeCodeName(code),
    meaning: closeCodeInfo(code)?.meaning ?? CLASS_MEANING[classifyCloseCode(code)],
    reason: decodeText(reasonBytes),
    reasonUtf8: checkUtf8(reasonBytes),
  };
}
