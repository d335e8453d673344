import type { DeflateOptions } from '../protocol/deflate-negotiation';
import type { HeartbeatOptions } from '../transport/heartbeat';
import { parseByteCount, UsageError } from './usage-error';

/** Flags that `serve` and `connect` share: permessage-deflate and heartbeats. */
export const COMMON_FLAGS = {
  deflate: { type: 'boolean' },
  'deflate-server-no-context-takeover': { type: 'boolean' },
  'deflate-client-no-context-takeover': { type: 'boolean' },
  'deflate-server-max-window-bits': { type: 'string' },
  'deflate-client-max-window-bits': { type: 'string' },
  'deflate-threshold': { type: 'string' },
  'ping-interval': { type: 'string' },
  'ping-timeout': { type: 'string' },
  'ping-payload': { type: 'string' },
  'no-auto-pong': { type: 'boolean' },
} as const;

export const COMMON_HELP = `  --deflate              negotiate permessage-deflate (RFC 7692); the --deflate-* flags imply it
  --deflate-server-no-context-takeover, --deflate-client-no-context-takeover
  --deflate-server-max-window-bits N, --deflate-client-max-window-bits N   (8-15)
  --deflate-threshold BYTES   send messages shorter than this uncompressed (default 1024)
  --ping-interval MS     send a ping every MS milliseconds
  --ping-timeout MS      close with 1011 when no pong comes within MS (default: the interval)
  --ping-payload TEXT    the payload of those pings (default: a counter)
  --no-auto-pong         do not answer pings (to test a peer's timeout)`;

type CommonValues = {
  deflate?: boolean;
  'deflate-server-no-context-takeover'?: boolean;
  'deflate-client-no-context-takeover'?: boolean;
  'deflate-server-max-window-bits'?: string;
  'deflate-client-max-window-bits'?: string;
  'deflate-threshold'?: string;
  'ping-interval'?: string;
  'ping-timeout'?: string;
  'ping-payload'?: string;
  'no-auto-pong'?: boolean;
};

/** The deflate options the flags ask for, or undefined when none was given. */
export function deflateFromFlags(values: CommonValues): DeflateOptions | undefined {
  const asked = Object.entries(values).some(([name, value]) => (name === 'deflate' || name.startsWith('deflate-')) && value !== undefined && value !== false);
  if (!asked) return undefined;
  return {
    serverNoContextTakeover: values['deflate-server-no-context-takeover'],
    clientNoContextTakeover: values['deflate-client-no-context-takeover'],
    serverMaxWindowBits: windowBits(values['deflate-server-max-window-bits'], '--deflate-server-max-window-bits'),
    clientMaxWindowBits: windowBits(values['deflate-client-max-window-bits'], '--deflate-client-max-window-bits'),
    threshold: values['deflate-threshold'] === undefined ? undefined : threshold(values['deflate-threshold']),
  };
}

/** 0 is meaningful here: compress every message. */
function threshold(value: string): number {
  return value.trim() === '0' ? 0 : parseByteCount(value, '--deflate-threshold');
}

function windowBits(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const bits = Number(value);
  if (!Number.isInteger(bits) || bits < 8 || bits > 15) throw new UsageError(`${flag} takes a number from 8 to 15, not ${JSON.stringify(value)}`);
  return bits;
}

/** Heartbeat settings from the flags, or undefined without --ping-interval. */
export function heartbeatFromFlags(values: CommonValues): HeartbeatOptions | undefined {
  const interval = values['ping-interval'];
  if (interval === undefined) {
    if (values['ping-timeout'] !== undefined) throw new UsageError('--ping-timeout needs --ping-interval');
    return undefined;
  }
  const pingInterval = millis(interval, '--ping-interval');
  const pingTimeout = values['ping-timeout'] === undefined ? pingInterval : millis(values['ping-timeout'], '--ping-timeout');
  const payload = values['ping-payload'] === undefined ? undefined : Buffer.from(values['ping-payload'], 'utf8');
  if (payload && payload.length > 125) throw new UsageError(`--ping-payload is ${payload.length} bytes; a ping carries at most 125`);
  return { pingInterval, pingTimeout, pingPayload: payload };
}

function millis(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400_000) throw new UsageError(`${flag} takes a whole number of milliseconds, not ${JSON.stringify(value)}`);
  return n;
}
