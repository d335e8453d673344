import { classifyCloseCode, closeCodeName, isValidWireCloseCode } from '../../../shared/close-codes';
import { InputError, utf8Length, wholeNumber } from '../session-options/input-error';

/** RFC 6455 §5.5: 125 bytes of control payload, two of them the code. */
export const MAX_CLOSE_REASON = 123;

export interface CloseRequest {
  /** Absent for an empty Close frame (the peer reports 1005). */
  code: number | undefined;
  reason: string;
}

/** The Close frame to send; throws InputError for a code or reason that may not go on the wire. */
export function toCloseRequest(codeText: string, reason: string): CloseRequest {
  const code = wholeNumber(codeText, 'A close code', 0, 65535);
  if (code === undefined) {
    if (reason !== '') throw new InputError('A close reason needs a close code (RFC 6455 §5.5.1).');
    return { code: undefined, reason };
  }
  if (!isValidWireCloseCode(code)) {
    const why = classifyCloseCode(code) === 'named' ? `${code} ${closeCodeName(code)} is only reported locally` : `${code} is not a code a Close frame may carry`;
    throw new InputError(`${why} (RFC 6455 §7.4): use 1000-1003, 1007-1014, or 3000-4999.`);
  }
  const bytes = utf8Length(reason);
  if (bytes > MAX_CLOSE_REASON) throw new InputError(`The close reason is ${bytes} bytes; at most ${MAX_CLOSE_REASON} fit in a Close frame (RFC 6455 §5.5).`);
  return { code, reason };
}
