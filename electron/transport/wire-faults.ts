import type { Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Ways a local server misbehaves on the wire, to test how clients cope. Each is named
 * in the server's settings and shown in its timeline.
 */
export interface WireFaults {
  /** Write every frame one byte at a time, each byte its own write. */
  byteByByte?: boolean;
  /** Wait this long before writing each frame. */
  writeDelayMs?: number;
  /** Send an unsolicited pong every this many ms (RFC 6455 §5.5.3 allows them). */
  unsolicitedPongMs?: number;
  /** Drop TCP, without a Close frame, this long after the opening handshake. */
  dropAfterMs?: number;
}

/** Writes frames late or byte by byte, in order; `end` waits for what is queued. */
export class SlowWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly faults: WireFaults,
  ) {}

  write(bytes: Buffer): void {
    this.queue = this.queue.then(() => this.writeNow(bytes));
  }

  end(then: () => void): void {
    this.queue = this.queue.then(then);
  }

  private async writeNow(bytes: Buffer): Promise<void> {
    if (this.faults.writeDelayMs) await sleep(this.faults.writeDelayMs);
    if (!this.faults.byteByByte) {
      if (!this.socket.destroyed) this.socket.write(bytes);
      return;
    }
    for (let i = 0; i < bytes.length && !this.socket.destroyed; i++) {
      this.socket.write(bytes.subarray(i, i + 1));
      await nextTurn();
    }
  }
}

export function slowsWrites(faults: WireFaults | undefined): faults is WireFaults {
  return faults !== undefined && (faults.byteByByte === true || (faults.writeDelayMs ?? 0) > 0);
}

/** One line per fault that is on, for the server's timeline. */
export function describeWireFaults(faults: WireFaults): string[] {
  const lines: string[] = [];
  if (faults.byteByByte) lines.push('writes frames one byte at a time');
  if (faults.writeDelayMs) lines.push(`waits ${faults.writeDelayMs} ms before each frame`);
  if (faults.unsolicitedPongMs) lines.push(`sends an unsolicited pong every ${faults.unsolicitedPongMs} ms`);
  if (faults.dropAfterMs !== undefined) lines.push(`drops TCP without a Close frame ${faults.dropAfterMs} ms after the handshake`);
  return lines;
}
