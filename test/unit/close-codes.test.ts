import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, classifyCloseCode, closeCodeInfo, closeCodeName, isValidWireCloseCode, type CloseCodeClass } from '../../shared/close-codes';

// RFC 6455 §7.4 and the IANA registry: a total classification of any close code, checked at
// every boundary of every range.

/** [code, class, may go on the wire, name]. */
const TABLE: Array<[number, CloseCodeClass, boolean, string]> = [
  [-1, 'invalid', false, 'Invalid'],
  [0, 'invalid', false, 'Invalid'],
  [999, 'invalid', false, 'Invalid'],
  [1000, 'named', true, 'Normal Closure'],
  [1001, 'named', true, 'Going Away'],
  [1002, 'named', true, 'Protocol Error'],
  [1003, 'named', true, 'Unsupported Data'],
  [1004, 'reserved', false, 'Reserved'],
  [1005, 'named', false, 'No Status Received'],
  [1006, 'named', false, 'Abnormal Closure'],
  [1007, 'named', true, 'Invalid Payload Data'],
  [1008, 'named', true, 'Policy Violation'],
  [1009, 'named', true, 'Message Too Big'],
  [1010, 'named', true, 'Mandatory Extension'],
  [1011, 'named', true, 'Internal Error'],
  [1012, 'named', true, 'Service Restart'],
  [1013, 'named', true, 'Try Again Later'],
  [1014, 'named', true, 'Bad Gateway'],
  [1015, 'named', false, 'TLS Handshake'],
  [1016, 'reserved', false, 'Reserved'],
  [2999, 'reserved', false, 'Reserved'],
  [3000, 'registered', true, 'Registered'],
  [3999, 'registered', true, 'Registered'],
  [4000, 'private', true, 'Private Use'],
  [4999, 'private', true, 'Private Use'],
  [5000, 'invalid', false, 'Invalid'],
  [65535, 'invalid', false, 'Invalid'],
  [1000.5, 'invalid', false, 'Invalid'],
  [Number.NaN, 'invalid', false, 'Invalid'],
];

describe('RFC 6455 §7.4 close codes', () => {
  it.each(TABLE)('classifies %d as %s (on the wire: %s, named "%s")', (code, cls, onWire, name) => {
    expect(classifyCloseCode(code)).toBe(cls);
    expect(isValidWireCloseCode(code)).toBe(onWire);
    expect(closeCodeName(code)).toBe(name);
  });

  it('lists the named codes once each, in order, and only 1005, 1006 and 1015 stay off the wire (§7.4.1)', () => {
    const codes = CLOSE_CODES.map((info) => info.code);
    expect(codes).toEqual([1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015]);
    expect(CLOSE_CODES.filter((info) => !info.onWire).map((info) => info.code)).toEqual([1005, 1006, 1015]);
  });

  it('gives details for named codes only', () => {
    expect(closeCodeInfo(1009)).toMatchObject({ code: 1009, name: 'Message Too Big', onWire: true });
    expect(closeCodeInfo(1004)).toBeUndefined();
    expect(closeCodeInfo(4000)).toBeUndefined();
  });

  it('accepts exactly the RFC ranges across all 16-bit codes', () => {
    const valid = Array.from({ length: 65536 }, (_, code) => code).filter(isValidWireCloseCode);
    const expected = [1000, 1001, 1002, 1003, ...Array.from({ length: 8 }, (_, i) => 1007 + i), ...Array.from({ length: 2000 }, (_, i) => 3000 + i)];
    expect(valid).toEqual(expected);
  });
});
