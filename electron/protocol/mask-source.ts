import { randomFillSync } from 'node:crypto';
import { bufferView } from './buffer-view';

const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let offset = POOL_SIZE;

/** A fresh crypto-random 4-byte masking key (RFC 6455 §5.3), drawn from a refilled pool. */
export function randomMaskKey(): Uint8Array {
  if (offset === POOL_SIZE) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
    offset = 0;
  }
  const key = bufferView(pool, offset, offset + 4);
  offset += 4;
  return key;
}
