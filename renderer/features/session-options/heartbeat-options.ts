import { textToBase64 } from '../../api/bytes';
import { InputError, utf8Length, wholeNumber } from './input-error';

/** The heartbeat fields as typed: blank means "no heartbeat" or "the default". */
export interface HeartbeatForm {
  pingInterval: string;
  pingTimeout: string;
  /** Text; sent as its UTF-8 bytes. */
  pingPayload: string;
}

export const EMPTY_HEARTBEAT: HeartbeatForm = { pingInterval: '', pingTimeout: '', pingPayload: '' };

export interface HeartbeatRequest {
  pingInterval?: number;
  pingTimeout?: number;
  pingPayload?: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** RFC 6455 §5.5: a control frame's payload is at most 125 bytes. */
export const MAX_CONTROL_PAYLOAD = 125;

export function toHeartbeatRequest(form: HeartbeatForm): HeartbeatRequest {
  const pingInterval = wholeNumber(form.pingInterval, 'The ping interval (ms)', 1, DAY_MS);
  const pingTimeout = wholeNumber(form.pingTimeout, 'The ping timeout (ms)', 1, DAY_MS);
  const hasPayload = form.pingPayload !== '';
  if (pingInterval === undefined && (pingTimeout !== undefined || hasPayload)) {
    throw new InputError('A ping timeout or payload needs a ping interval.');
  }
  if (utf8Length(form.pingPayload) > MAX_CONTROL_PAYLOAD) {
    throw new InputError(`A ping payload is at most ${MAX_CONTROL_PAYLOAD} bytes (RFC 6455 §5.5); this one is ${utf8Length(form.pingPayload)}.`);
  }
  return {
    ...(pingInterval !== undefined && { pingInterval }),
    ...(pingTimeout !== undefined && { pingTimeout }),
    ...(hasPayload && { pingPayload: textToBase64(form.pingPayload) }),
  };
}

export function heartbeatIsSet(form: HeartbeatForm): boolean {
  return form.pingInterval.trim() !== '';
}
