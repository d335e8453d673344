// Where a JSON text goes wrong, for the one-sentence error of a broken file (RFC 8259).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError, parseJson } from '../../electron/services/json-syntax';

describe('the first syntax error, and where it is', () => {
  const cases: Array<[string, string, number, string]> = [
    ['an empty file', '', 0, 'the file ends too soon'],
    ['a bare word', 'version', 0, 'expected a value'],
    ['a comma too many', '{"a":1,}', 7, 'expected a property name in double quotes'],
    ['a missing comma', '[1 2]', 3, "expected ',' or ']'"],
    ['a missing colon', '{"a" 1}', 5, "expected ':' after the property name"],
    ['a single-quoted string', "{'a':1}", 1, 'expected a property name in double quotes'],
    ['a raw line break in a string', '["a\nb"]', 3, 'a control character inside a string: write it as an escape such as \\n'],
    ['a bad escape', '["\\x"]', 2, 'an invalid escape in a string'],
    ['a short \\u escape', '["\\u12"]', 2, '\\u must be followed by 4 hex digits'],
    ['a leading zero', '[01]', 2, "expected ',' or ']'"],
    ['text after the value', '{} x', 3, 'unexpected text after the end of the JSON value'],
    ['a truncated object', '{"a": [1, {"b": ', 16, 'the file ends too soon'],
    ['a truncated string', '{"a": "abc', 10, 'the file ends too soon'],
  ];
  it.each(cases)('%s', (_name, text, offset, problem) => {
    expect(findJsonError(text)).toEqual({ offset, problem });
  });

  it('finds nothing wrong in valid JSON, however deep', () => {
    expect(findJsonError(' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"], "b": {}} ')).toBeNull();
    expect(findJsonError('['.repeat(100_000) + ']'.repeat(100_000))).toBeNull();
  });

  it('agrees with JSON.parse on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((json) => json.slice(0, Math.floor(json.length / 2)))), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('says the line and column', () => {
    expect(() => parseJson('{\n  "a": 1,\n  "b": tru\n}', 'w.json')).toThrow('w.json: not valid JSON at line 3 column 8 (expected a value)');
  });
});
