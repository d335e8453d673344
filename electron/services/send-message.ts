import { Opcode } from '../../shared/opcodes';
import type { WsSocket } from '../transport/ws-socket';
import { sleep } from './clock';

export interface Fragmenting {
  kind: 'text' | 'binary';
  data: Buffer;
  /** Byte offsets at which to cut the message, in order, each within the message. */
  splitAt?: number[];
  pingBetween?: boolean;
  delayMs?: number;
}

/**
 * Send one message, whole or cut into frames by hand (RFC 6455 §5.4): the first frame
 * carries the message's opcode, the others are continuations, only the last has FIN.
 * Control frames may go between fragments (§5.4: they may be injected in the middle).
 * Resolves with the number of data frames sent.
 */
export async function sendMessage(ws: WsSocket, message: Fragmenting, isCurrent: () => boolean): Promise<number> {
  const cuts = message.splitAt ?? [];
  if (cuts.length === 0) {
    ws.send(message.kind, message.data);
    return 1;
  }
  checkCuts(cuts, message.data.length);
  const bounds = [0, ...cuts, message.data.length];
  const fragments = bounds.length - 1;
  for (let i = 0; i < fragments; i++) {
    if (i > 0) {
      if (message.delayMs) await sleep(message.delayMs);
      if (!isCurrent() || ws.readyState !== 'OPEN') throw new Error(`the connection closed after ${i} of ${fragments} fragments`);
      if (message.pingBetween) ws.ping(Buffer.alloc(0));
    }
    const opcode = i === 0 ? (message.kind === 'text' ? Opcode.Text : Opcode.Binary) : Opcode.Continuation;
    ws.sendFrame(opcode, message.data.subarray(bounds[i], bounds[i + 1]), i === fragments - 1);
  }
  return fragments;
}

function checkCuts(cuts: number[], length: number): void {
  cuts.forEach((cut, i) => {
    if (cut > length) throw new RangeError(`splitAt offset ${cut} is past the end of the ${length}-byte message`);
    if (i > 0 && cut < cuts[i - 1]) throw new RangeError('splitAt offsets must be in increasing order');
  });
}
