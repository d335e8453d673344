import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/*
 * ws's package.json "exports" map hides lib/, so `import Receiver from 'ws/lib/receiver.js'`
 * is refused by Node and esbuild alike. Requiring the files by absolute path loads the
 * very same modules ws itself uses.
 */
const require = createRequire(import.meta.url);
const wsDir = dirname(require.resolve('ws/package.json'));

export interface WsReceiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

export interface WsReceiverOptions {
  isServer?: boolean;
  maxPayload?: number;
  binaryType?: 'nodebuffer';
}

export interface WsBufferUtil {
  mask(source: Uint8Array, mask: Uint8Array, output: Uint8Array, offset: number, length: number): void;
  unmask(buffer: Uint8Array, mask: Uint8Array): void;
}

export const Receiver = require(join(wsDir, 'lib/receiver.js')) as new (options: WsReceiverOptions) => WsReceiver;
export const wsBufferUtil = require(join(wsDir, 'lib/buffer-util.js')) as WsBufferUtil;
export const wsVersion = (require('ws/package.json') as { version: string }).version;

/** Which masking code ws's buffer-util picked on this machine, by the same tests it makes. */
export function wsMaskImplementation(): string {
  const http = require('node:http') as { websocketMask?: unknown };
  if (typeof http.websocketMask === 'function') return "Node's native http.websocketMask";
  if (process.env.WS_NO_BUFFER_UTIL) return 'pure JS (WS_NO_BUFFER_UTIL set)';
  try {
    createRequire(join(wsDir, 'lib/buffer-util.js')).resolve('bufferutil');
    return 'the native bufferutil addon';
  } catch {
    return 'its pure-JS byte loop (bufferutil is not installed)';
  }
}
