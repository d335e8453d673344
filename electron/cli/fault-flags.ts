import { describeHandshakeFaults, type HandshakeFaults } from '../protocol/handshake-faults';
import { describeWireFaults, type WireFaults } from '../transport/wire-faults';
import { UsageError } from './usage-error';

/** `wsb serve` flags that make the server misbehave on purpose. */
export const FAULT_FLAGS = {
  'fault-wrong-accept': { type: 'boolean' },
  'fault-status': { type: 'string' },
  'fault-subprotocol': { type: 'string' },
  'fault-extension': { type: 'string' },
  'fault-unsolicited-pong': { type: 'string' },
  'fault-drop-after': { type: 'string' },
  'fault-byte-by-byte': { type: 'boolean' },
  'fault-write-delay': { type: 'string' },
} as const;

type FaultValues = {
  'fault-wrong-accept'?: boolean;
  'fault-status'?: string;
  'fault-subprotocol'?: string;
  'fault-extension'?: string;
  'fault-unsolicited-pong'?: string;
  'fault-drop-after'?: string;
  'fault-byte-by-byte'?: boolean;
  'fault-write-delay'?: string;
  'no-auto-pong'?: boolean;
};

export function faultsFromFlags(values: FaultValues): { handshake: HandshakeFaults; wire: WireFaults; lines: string[] } {
  const status = values['fault-status'] === undefined ? undefined : whole(values['fault-status'], '--fault-status', 100, 599);
  const handshake: HandshakeFaults = {
    wrongAccept: values['fault-wrong-accept'],
    status,
    subprotocol: values['fault-subprotocol'],
    extension: values['fault-extension'],
  };
  const wire: WireFaults = {
    byteByByte: values['fault-byte-by-byte'],
    writeDelayMs: optional(values['fault-write-delay'], '--fault-write-delay', 1),
    unsolicitedPongMs: optional(values['fault-unsolicited-pong'], '--fault-unsolicited-pong', 1),
    dropAfterMs: optional(values['fault-drop-after'], '--fault-drop-after', 0),
  };
  const lines = [...describeHandshakeFaults(handshake), ...describeWireFaults(wire)];
  if (values['no-auto-pong']) lines.push('never answers pings');
  return { handshake, wire, lines };
}

function optional(value: string | undefined, flag: string, min: number): number | undefined {
  return value === undefined ? undefined : whole(value, flag, min, 86_400_000);
}

function whole(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max || value.trim() === '') throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}
