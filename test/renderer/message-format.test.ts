// The composer's readers and writers, byte by byte: JSON checked with a position and
// re-indented as typed, hex and base64 as people write them, fragment cuts, Close frames.
import { describe, expect, it } from 'vitest';
import { formatHex, parseBase64, parseHex } from '../../renderer/features/composer/binary-text';
import { toCloseRequest } from '../../renderer/features/composer/close-form';
import { cutsInsideCharacters, equalCuts, fragmentSizes, parseCuts } from '../../renderer/features/composer/fragments';
import { checkJson, prettyPrintJson } from '../../renderer/features/composer/json-text';

describe('JSON (RFC 8259)', () => {
  it.each([
    ['{"a": [1, -2.5e3, true, null, "x\\u00e9"]}'],
    ['"just a string"'],
    ['  42  '],
    ['[]'],
  ])('accepts %s', (text) => expect(checkJson(text)).toBeNull());

  it.each([
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes, found "}"'],
    ['[1 2]', 1, 4, "expected ',' or ']', found \"2\""],
    ['{\n  "a": tru\n}', 2, 8, 'expected a value, found "t"'],
    ['"open', 1, 1, 'the string is never closed'],
    ['"bad \\x"', 1, 6, 'invalid escape in a string'],
    ['01', 1, 2, 'unexpected "1" after the JSON value'],
    ['', 1, 1, 'expected a value, found the end of the text'],
    ['{"a":1} {}', 1, 9, 'unexpected "{" after the JSON value'],
  ])('refuses %j at line %i, column %i: %s', (text, line, column, message) => {
    expect(checkJson(text)).toEqual({ line, column, message });
  });

  it('indents by two spaces, keeping numbers, key order and duplicate keys as typed', () => {
    expect(prettyPrintJson('{"b":1.50,"a":[],"b":{"c":[1e400,{}]}}')).toBe('{\n  "b": 1.50,\n  "a": [],\n  "b": {\n    "c": [\n      1e400,\n      {}\n    ]\n  }\n}');
    expect(prettyPrintJson('{"a":')).toBeNull();
  });
});

describe('hex and base64', () => {
  it('reads hex in any case, with spaces and line breaks', () => {
    expect(Array.from(parseHex('48 65\n6C6c\t6f'))).toEqual([0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    expect(parseHex('')).toEqual(new Uint8Array());
  });

  it.each([
    ['48 6', 'Hex needs two digits per byte: 3 digits were typed.'],
    ['48\n0x65', '"x" is not a hex digit (line 2, column 2).'],
  ])('refuses hex %j', (text, message) => expect(() => parseHex(text)).toThrow(message));

  it('writes sixteen bytes a line', () => {
    expect(formatHex(Uint8Array.from({ length: 18 }, (_, i) => i))).toBe('00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10 11');
  });

  it.each([['SGVsbG8='], ['SGVsbG8'], ['SGVs\nbG8=']])('reads base64 %j as "Hello"', (text) => {
    expect(new TextDecoder().decode(parseBase64(text))).toBe('Hello');
  });

  it('reads URL-safe base64 (RFC 4648 §5)', () => expect(Array.from(parseBase64('-_8'))).toEqual([0xfb, 0xff]));

  it.each([
    ['SGV*', '"*" is not a base64 character (line 1, column 4).'],
    ['S=GV', 'This is not valid base64'],
    ['SGVsb', 'This is not valid base64'],
  ])('refuses base64 %j', (text, message) => expect(() => parseBase64(text)).toThrow(message));
});

describe('fragments (RFC 6455 §5.4)', () => {
  it.each([
    [11, 3, [4, 8], [4, 4, 3]],
    [9, 3, [3, 6], [3, 3, 3]],
    [2, 4, [1, 2, 2], [1, 1, 0, 0]],
    [10, 4, [3, 6, 8], [3, 3, 2, 2]],
    [5, 1, [], [5]],
  ])('cuts %i bytes into %i nearly equal frames', (length, count, cuts, sizes) => {
    expect(equalCuts(length, count)).toEqual(cuts);
    expect(fragmentSizes(cuts, length)).toEqual(sizes);
  });

  it('reads offsets separated by commas or spaces', () => expect(parseCuts(' 2, 5 5 ', 8)).toEqual([2, 5, 5]));

  it.each([
    ['3, 1', 'Split offsets go in increasing order: 1 comes after 3.'],
    ['2, x', 'Split offsets are byte positions such as "3, 7", not "x".'],
    ['9', 'The split at byte 9 is past the end of the 8-byte message.'],
  ])('refuses offsets %j', (text, message) => expect(() => parseCuts(text, 8)).toThrow(message));

  it('finds the cuts inside a multi-byte character', () => {
    // "aé€": 61 | c3 a9 | e2 82 ac
    const bytes = new TextEncoder().encode('aé€');
    expect(cutsInsideCharacters(bytes, [1, 2, 3, 4, 5])).toEqual([2, 4, 5]);
  });
});

describe('Close (RFC 6455 §5.5.1, §7.4)', () => {
  it('takes a sendable code and a reason of up to 123 bytes', () => {
    expect(toCloseRequest('4000', 'é'.repeat(61))).toEqual({ code: 4000, reason: 'é'.repeat(61) });
    expect(toCloseRequest('', '')).toEqual({ code: undefined, reason: '' });
  });

  it.each([
    ['1006', '', '1006 Abnormal Closure is only reported locally (RFC 6455 §7.4): use 1000-1003, 1007-1014, or 3000-4999.'],
    ['1004', '', '1004 is not a code a Close frame may carry (RFC 6455 §7.4): use 1000-1003, 1007-1014, or 3000-4999.'],
    ['', 'why', 'A close reason needs a close code (RFC 6455 §5.5.1).'],
    ['1000', 'é'.repeat(62), 'The close reason is 124 bytes; at most 123 fit in a Close frame (RFC 6455 §5.5).'],
    ['abc', '', 'A close code is a whole number from 0 to 65535, not "abc".'],
  ])('refuses code %j with reason %j', (code, reason, message) => expect(() => toCloseRequest(code, reason)).toThrow(message));
});
