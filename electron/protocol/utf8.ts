import { isUtf8 } from 'node:buffer';

/**
 * Incremental UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires) that fails on the
 * first invalid byte and accepts a code point split across fragments or reads.
 * The bulk of each piece goes through Node's native isUtf8; only the edges of a
 * code point split between pieces are checked byte by byte.
 */
export class Utf8Validator {
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;

  /** False as soon as `bytes` makes the text so far invalid. */
  push(bytes: Uint8Array): boolean {
    let i = 0;
    const end = bytes.length;
    while (this.need > 0 && i < end) {
      if (!this.step(bytes[i])) return false;
      i++;
    }
    if (i === end) return true;
    const tail = incompleteTailStart(bytes, i);
    if (tail > i && !isUtf8(bytes.subarray(i, tail))) return false;
    for (let k = tail; k < end; k++) if (!this.step(bytes[k])) return false;
    return true;
  }

  /** True when the text ends on a code point boundary. */
  get complete(): boolean {
    return this.need === 0;
  }

  reset(): void {
    this.need = 0;
  }

  private step(byte: number): boolean {
    if (this.need > 0) {
      if (byte < this.lower || byte > this.upper) return false;
      this.need--;
      this.lower = 0x80;
      this.upper = 0xbf;
      return true;
    }
    if (byte < 0x80) return true;
    if (byte >= 0xc2 && byte <= 0xdf) return this.expect(1, 0x80, 0xbf);
    if (byte === 0xe0) return this.expect(2, 0xa0, 0xbf); // no overlong forms
    if (byte === 0xed) return this.expect(2, 0x80, 0x9f); // no surrogates
    if (byte >= 0xe1 && byte <= 0xef) return this.expect(2, 0x80, 0xbf);
    if (byte === 0xf0) return this.expect(3, 0x90, 0xbf); // no overlong forms
    if (byte >= 0xf1 && byte <= 0xf3) return this.expect(3, 0x80, 0xbf);
    if (byte === 0xf4) return this.expect(3, 0x80, 0x8f); // nothing above U+10FFFF
    return false;
  }

  private expect(need: number, lower: number, upper: number): true {
    this.need = need;
    this.lower = lower;
    this.upper = upper;
    return true;
  }
}

/** Where a code point that `bytes` cuts off at its end begins, or `bytes.length`. */
function incompleteTailStart(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? end - back : end;
  }
  return end;
}
