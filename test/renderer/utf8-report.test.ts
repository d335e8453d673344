// RFC 6455 §5.6 and §8.1: a text payload is UTF-8; a fragment may end (or begin) inside a
// character, and the inspector says so in words instead of calling it invalid.
import { describe, expect, it } from 'vitest';
import { checkUtf8 } from '../../renderer/format/utf8-report';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));

describe('a whole payload (§8.1)', () => {
  it.each([
    ['ASCII', '48656c6c6f'],
    ['a 2-byte character', 'c3a9'],
    ['a 3-byte character', 'e282ac'],
    ['a 4-byte character', 'f09f9880'],
    ['the largest code point, U+10FFFF', 'f48fbfbf'],
  ])('%s is valid', (_name, hex) => {
    expect(checkUtf8(bytes(hex))).toEqual({ status: 'valid' });
  });

  it.each([
    ['0xff', 'ff', 0, 'not valid UTF-8 at byte 0: 0xff never appears in UTF-8'],
    ['a lone continuation byte', '41 80', 1, 'not valid UTF-8 at byte 1: 0x80 continues a character that never began'],
    ['an overlong "/" (c0 af)', 'c0 af', 0, 'not valid UTF-8 at byte 0: 0xc0 never appears in UTF-8'],
    ['an overlong 3-byte form', 'e0 80 af', 1, 'not valid UTF-8 at byte 1: 0x80 cannot follow 0xe0 (an overlong form, a surrogate or past U+10FFFF)'],
    ['a surrogate, U+D800', 'ed a0 80', 1, 'not valid UTF-8 at byte 1: 0xa0 cannot follow 0xed (an overlong form, a surrogate or past U+10FFFF)'],
    ['past U+10FFFF', 'f4 90 80 80', 1, 'not valid UTF-8 at byte 1: 0x90 cannot follow 0xf4 (an overlong form, a surrogate or past U+10FFFF)'],
    ['a character cut short at the end', '41 e2 82', 1, 'not valid UTF-8 at byte 1: ends inside a 3-byte character (2 of its 3 bytes)'],
  ])('%s is invalid, and where is said', (_name, hex, offset, explanation) => {
    expect(checkUtf8(bytes(hex))).toEqual({ status: 'invalid', offset, explanation });
  });
});

describe('a fragment of a message (§5.4): a character split at its edges is not an error', () => {
  it('ends inside a character the next fragment finishes', () => {
    expect(checkUtf8(bytes('6f6e6520 e2'), { continuesPrevious: false, continuesNext: true })).toEqual({ status: 'split', explanation: 'ends inside a 3-byte character (1 of its 3 bytes here)' });
  });

  it('begins with the bytes that finish the previous fragment’s character', () => {
    expect(checkUtf8(bytes('82 ac 75 72'), { continuesPrevious: true, continuesNext: false })).toEqual({ status: 'split', explanation: 'begins with 2 bytes that finish a character from the previous fragment' });
  });

  it('both at once, and a real error inside is still an error', () => {
    expect(checkUtf8(bytes('bf 41 f0 9f'), { continuesPrevious: true, continuesNext: true })).toEqual({
      status: 'split',
      explanation: 'begins with 1 byte that finishes a character from the previous fragment and ends inside a 4-byte character (2 of its 4 bytes here)',
    });
    expect(checkUtf8(bytes('82 ff'), { continuesPrevious: true, continuesNext: true })).toMatchObject({ status: 'invalid', offset: 1 });
  });
});
