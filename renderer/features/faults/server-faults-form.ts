import type { ServerStartRequest } from '../../../shared/api';
import { InputError, wholeNumber } from '../session-options/input-error';

/** The misbehaving-server options as typed: blank numbers and names mean "behave". */
export interface ServerFaultsForm {
  wrongAccept: boolean;
  /** A status to answer with instead of 101. */
  status: string;
  subprotocol: string;
  extension: string;
  /** Maps to autoPong: false. */
  neverPong: boolean;
  unsolicitedPongMs: string;
  dropAfterMs: string;
  byteByByte: boolean;
  writeDelayMs: string;
}

export const NO_SERVER_FAULTS: ServerFaultsForm = {
  wrongAccept: false,
  status: '',
  subprotocol: '',
  extension: '',
  neverPong: false,
  unsolicitedPongMs: '',
  dropAfterMs: '',
  byteByByte: false,
  writeDelayMs: '',
};

const DAY_MS = 24 * 3600 * 1000;

/** The part of server.start these options set; throws InputError for the first field to fix. */
export function toServerFaultsRequest(form: ServerFaultsForm): Pick<ServerStartRequest, 'faults' | 'autoPong'> {
  const status = wholeNumber(form.status, 'The status instead of 101', 100, 599);
  if (status === 101) throw new InputError('101 is the status a server answers anyway: leave the field blank, or choose another, such as 400.');
  const unsolicitedPongMs = wholeNumber(form.unsolicitedPongMs, 'The unsolicited pong interval (ms)', 1, DAY_MS);
  const dropAfterMs = wholeNumber(form.dropAfterMs, 'The time before dropping TCP (ms)', 0, DAY_MS);
  const writeDelayMs = wholeNumber(form.writeDelayMs, 'The delay before each write (ms)', 1, DAY_MS);
  const faults = {
    ...(form.wrongAccept && { wrongAccept: true }),
    ...(status !== undefined && { status }),
    ...(form.subprotocol.trim() !== '' && { subprotocol: form.subprotocol.trim() }),
    ...(form.extension.trim() !== '' && { extension: form.extension.trim() }),
    ...(unsolicitedPongMs !== undefined && { unsolicitedPongMs }),
    ...(dropAfterMs !== undefined && { dropAfterMs }),
    ...(form.byteByByte && { byteByByte: true }),
    ...(writeDelayMs !== undefined && { writeDelayMs }),
  };
  return {
    ...(Object.keys(faults).length > 0 && { faults }),
    ...(form.neverPong && { autoPong: false }),
  };
}

/** How many options are on: a folded section shows it, so nothing set is hidden. */
export function countServerFaults(form: ServerFaultsForm): number {
  return [form.wrongAccept, form.status, form.subprotocol, form.extension, form.neverPong, form.unsolicitedPongMs, form.dropAfterMs, form.byteByByte, form.writeDelayMs].filter(
    (value) => value === true || (typeof value === 'string' && value.trim() !== ''),
  ).length;
}
