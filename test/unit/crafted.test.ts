import { describe, expect, it } from 'vitest';
import { toFrameSpec } from '../../electron/protocol/crafted';
import { encodeFrame } from '../../electron/protocol/frame-encoder';
import { defaultCraftedFrame, parseMaskKey, type CraftedFrame } from '../../shared/crafted-frame';

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const wire = (crafted: CraftedFrame, role: 'client' | 'server') => Buffer.concat(encodeFrame(toFrameSpec(crafted, role, () => KEY))).toString('hex');
const hello = { ...defaultCraftedFrame(), payload: Buffer.from('Hello').toString('base64') };

describe('the crafter\'s frame description reaches the wire exactly (RFC 6455 §5.2)', () => {
  it('masks by role by default: the §5.7 examples', () => {
    expect(wire(hello, 'client')).toBe('818537fa213d7f9f4d5158');
    expect(wire(hello, 'server')).toBe('810548656c6c6f');
  });

  it('masks or not as told, with a fixed key', () => {
    expect(wire({ ...hello, mask: 'none' }, 'client')).toBe('810548656c6c6f');
    expect(wire({ ...hello, mask: 'random' }, 'server')).toBe('818537fa213d7f9f4d5158');
    expect(wire({ ...hello, mask: { key: '00000000' } }, 'server')).toBe('81850000000048656c6c6f');
  });

  it('sets FIN, RSV1-3 and any opcode', () => {
    expect(wire({ ...hello, fin: false, rsv1: true, rsv2: true, rsv3: true, opcode: 0xb, mask: 'none' }, 'client')).toBe('7b0548656c6c6f');
  });

  it('writes a chosen length form, minimal or not, and a length that lies', () => {
    expect(wire({ ...hello, mask: 'none', length: { form: 16 } }, 'client')).toBe('817e000548656c6c6f');
    expect(wire({ ...hello, mask: 'none', length: { form: 64 } }, 'client')).toBe('817f000000000000000548656c6c6f');
    expect(wire({ ...hello, mask: 'none', length: { form: 7, value: '100' } }, 'client')).toBe('816448656c6c6f');
    expect(wire({ ...hello, mask: 'none', length: { form: 64, value: '18446744073709551615' } }, 'client')).toBe('817fffffffffffffffff48656c6c6f');
  });

  it('refuses what cannot be written, with one sentence', () => {
    expect(() => toFrameSpec({ ...hello, opcode: 16 }, 'client', () => KEY)).toThrow('an opcode is a number from 0 to 15, not 16');
    expect(() => toFrameSpec({ ...hello, length: { form: 16, value: '-1' } }, 'client', () => KEY)).toThrow('a length is a whole number, not "-1"');
    expect(() => parseMaskKey('xyz')).toThrow('a masking key is 4 bytes written as 8 hex digits, not "xyz"');
    expect(() => encodeFrame(toFrameSpec({ ...hello, length: { form: 7, value: '126' } }, 'client', () => KEY))).toThrow(RangeError);
  });
});
