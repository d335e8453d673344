import zlib from 'node:zlib';
import { ProtocolError } from './errors';
import type { DeflateParams } from './deflate-negotiation';

// RFC 7692 §7.2.1: a compressed message ends with an empty stored block, 00 00 ff ff, stripped on the wire.
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const SYNC_FLUSH = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * permessage-deflate's codec on node:zlib's one-shot raw deflate. Context takeover is a
 * preset dictionary holding the last window of the messages that went through the codec,
 * which is exactly what the peer's LZ77 window holds (§7.2.3.3). One-shot calls keep no
 * zlib state between messages: a thousand idle connections hold no zlib memory, and
 * since the calls are synchronous no more than one runs at a time.
 */
export class DeflateCodec {
  private outboundWindow: Buffer = Buffer.alloc(0);
  private inboundWindow: Buffer = Buffer.alloc(0);

  constructor(
    readonly params: DeflateParams,
    private readonly threshold: number,
  ) {}

  /**
   * The compressed payload for a message, or null to send it uncompressed: below the
   * threshold, or when we may only use a 256-byte window, which zlib's raw deflate
   * cannot honour (it widens 8 bits to 9).
   */
  compress(data: Uint8Array): Buffer | null {
    if (data.length < this.threshold || this.params.outboundMaxWindowBits < 9) return null;
    const windowBits = this.params.outboundMaxWindowBits;
    const options: zlib.ZlibOptions = { ...SYNC_FLUSH, windowBits };
    if (!this.params.outboundNoContextTakeover && this.outboundWindow.length > 0) options.dictionary = this.outboundWindow;
    const compressed = zlib.deflateRawSync(data, options);
    if (!this.params.outboundNoContextTakeover) this.outboundWindow = slideWindow(this.outboundWindow, data, 1 << windowBits);
    // §7.2.1: remove the trailing 00 00 ff ff of the sync flush.
    return endsWithTail(compressed) ? compressed.subarray(0, compressed.length - 4) : compressed;
  }

  /**
   * Inflate one message against a running limit: fails with 1009 as soon as the output
   * passes `limit` bytes, without ever holding more than that (§8.1 of RFC 6455 on limits).
   */
  decompress(parts: Buffer[], limit: number): Buffer {
    const input = Buffer.concat([...parts, TAIL]);
    const options: zlib.ZlibOptions = { ...SYNC_FLUSH, windowBits: 15, maxOutputLength: Math.max(1, limit) };
    if (!this.params.inboundNoContextTakeover && this.inboundWindow.length > 0) options.dictionary = this.inboundWindow;
    let output: Buffer;
    try {
      output = zlib.inflateRawSync(input, options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new ProtocolError('WS_ERR_MESSAGE_TOO_BIG', 1009, `the message inflates past the ${limit}-byte limit`);
      throw new ProtocolError('WS_ERR_INFLATE', 1007, `a compressed message does not inflate: ${(error as Error).message}`);
    }
    if (output.length > limit) throw new ProtocolError('WS_ERR_MESSAGE_TOO_BIG', 1009, `the message inflates past the ${limit}-byte limit`);
    if (!this.params.inboundNoContextTakeover) this.inboundWindow = slideWindow(this.inboundWindow, output, 32 * 1024);
    return output;
  }
}

function endsWithTail(data: Buffer): boolean {
  return data.length >= 4 && data[data.length - 4] === 0 && data[data.length - 3] === 0 && data[data.length - 2] === 0xff && data[data.length - 1] === 0xff;
}

/** The last `size` bytes of `window` followed by `data`. */
function slideWindow(window: Buffer, data: Uint8Array, size: number): Buffer {
  if (data.length >= size) return Buffer.from(data.subarray(data.length - size));
  const keep = Math.min(window.length, size - data.length);
  const next = Buffer.allocUnsafe(keep + data.length);
  window.copy(next, 0, window.length - keep);
  next.set(data, keep);
  return next;
}
