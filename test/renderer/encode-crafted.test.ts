// The crafter's preview is only worth showing if it is the wire: for any crafted frame,
// the renderer's bytes equal those the main process writes (RFC 6455 §5.2, §5.3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFrameSpec } from '../../electron/protocol/crafted';
import { encodeFrame } from '../../electron/protocol/frame-encoder';
import type { CraftedFrame } from '../../shared/crafted-frame';
import { encodeCraftedFrame, maskKeyFor } from '../../renderer/features/crafter/encode-crafted';

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const hello = Buffer.from('Hello').toString('base64');

const lengthField = fc.oneof(
  fc.constant<CraftedFrame['length']>({ form: 'auto' }),
  fc.record({ form: fc.constantFrom(7 as const, 16 as const, 64 as const) }),
  fc.record({ form: fc.constantFrom(7 as const, 16 as const, 64 as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String) }),
  fc.record({ form: fc.constantFrom(7 as const, 16 as const), value: fc.integer({ min: 0, max: 0x10000 }).map(String) }),
);

const craftedFrame: fc.Arbitrary<CraftedFrame> = fc.record({
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  rsv2: fc.boolean(),
  rsv3: fc.boolean(),
  opcode: fc.integer({ min: 0, max: 15 }),
  mask: fc.constantFrom<CraftedFrame['mask']>('role', 'random', 'none', { key: '00000000' }, { key: 'a1b2c3d4' }),
  payload: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 65_530, max: 65_540 }).map((length) => new Uint8Array(length).fill(0x2a))).map((bytes) => Buffer.from(bytes).toString('base64')),
  length: lengthField,
});

/** What the main process writes for `frame` from `role`'s side, or the error it gives. */
function mainProcessWire(frame: CraftedFrame, role: 'client' | 'server'): string {
  try {
    return hex(Buffer.concat(encodeFrame(toFrameSpec(frame, role, () => KEY))));
  } catch {
    return 'refused';
  }
}

function previewWire(frame: CraftedFrame, role: 'client' | 'server'): string {
  try {
    return hex(encodeCraftedFrame(frame, maskKeyFor(frame, role, KEY)).bytes);
  } catch {
    return 'refused';
  }
}

describe('the preview is the wire', () => {
  it('§5.7: the masked and unmasked "Hello"', () => {
    expect(hex(encodeCraftedFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, mask: 'role', payload: hello, length: { form: 'auto' } }, KEY).bytes)).toBe('818537fa213d7f9f4d5158');
    expect(encodeCraftedFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, mask: 'none', payload: hello, length: { form: 'auto' } }, null)).toEqual({
      bytes: Uint8Array.from(Buffer.from('810548656c6c6f', 'hex')),
      headerLength: 2,
    });
  });

  it('any frame, from either side, comes out as the main process writes it, or both refuse it', () => {
    fc.assert(
      fc.property(craftedFrame, fc.constantFrom('client' as const, 'server' as const), (frame, role) => {
        expect(previewWire(frame, role)).toBe(mainProcessWire(frame, role));
      }),
      { numRuns: 400 },
    );
  });
});
