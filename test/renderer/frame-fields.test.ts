// The inspector's decoded header, checked against RFC 6455 §5.7's examples byte by byte:
// each field's value, the bytes it occupies, and the wire bytes rebuilt from the capture.
import { describe, expect, it } from 'vitest';
import { fieldAtByte, flattenFields, frameFields, type FieldContext, type FrameField } from '../../renderer/features/inspector/frame-fields';
import { wireBytes } from '../../renderer/features/inspector/wire-bytes';
import { TimelineLog, type FrameRow } from '../../renderer/store/timeline-log';
import { frameFromWire } from './capture-entries';

/** The frame as the timeline holds it, from its wire bytes. */
function held(hex: string, direction: 'in' | 'out' = 'in'): FrameRow {
  const log = new TimelineLog();
  log.append([frameFromWire(1, hex, direction)]);
  return log.rowAt(0) as FrameRow;
}

function fields(frame: FrameRow, context: Partial<FieldContext> = {}): FrameField[] {
  return frameFields(frame, { senderIsClient: null, payload: frame.payload, payloadComplete: frame.complete, messageOpcode: frame.opcode, utf8: null, reassembledUtf8: null, ...context });
}

/** name → [value, first byte, last byte + 1] */
function table(list: FrameField[]): Record<string, [string, number | undefined, number | undefined]> {
  return Object.fromEntries(flattenFields(list).map((field) => [field.name, [field.value, field.start, field.end]]));
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('§5.7 examples', () => {
  it('a single-frame unmasked text message: 0x81 0x05 "Hello"', () => {
    const frame = held('81 05 48 65 6c 6c 6f');
    expect(table(fields(frame))).toEqual({
      FIN: ['1 (final fragment)', 0, 1],
      RSV1: ['0', 0, 1],
      RSV2: ['0', 0, 1],
      RSV3: ['0', 0, 1],
      Opcode: ['0x1 text', 0, 1],
      Mask: ['0 (not masked)', 1, 2],
      'Payload length': ['5 (7-bit form)', 1, 2],
      Payload: ['5 bytes', 2, 7],
    });
    expect(hex(wireBytes(frame.header, frame.payload, frame.maskKey))).toBe('810548656c6c6f');
  });

  it('a single-frame masked text message: 0x81 0x85 0x37 0xfa 0x21 0x3d, then "Hello" masked', () => {
    const frame = held('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    expect(Buffer.from(frame.payload).toString()).toBe('Hello');
    const list = fields(frame);
    expect(table(list)).toMatchObject({ Mask: ['1 (masked)', 1, 2], 'Masking key': ['0x37fa213d', 2, 6], Payload: ['5 bytes, masked on the wire', 6, 11] });
    expect(flattenFields(list).find((field) => field.id === 'opcode')?.bits).toBe('.... 0001');
    // The capture keeps the payload unmasked; the dump shows it masked again, as it was sent.
    expect(hex(wireBytes(frame.header, frame.payload, frame.maskKey))).toBe('818537fa213d7f9f4d5158');
  });

  it('a fragmented unmasked text message: 0x01 "Hel", then 0x80 "lo"', () => {
    expect(table(fields(held('01 03 48 65 6c')))).toMatchObject({ FIN: ['0 (more fragments follow)', 0, 1], Opcode: ['0x1 text', 0, 1] });
    expect(table(fields(held('80 02 6c 6f')))).toMatchObject({ FIN: ['1 (final fragment)', 0, 1], Opcode: ['0x0 continuation', 0, 1] });
  });

  it('an unmasked ping and its masked pong: 0x89 0x05 "Hello", 0x8a 0x85 …', () => {
    expect(table(fields(held('89 05 48 65 6c 6c 6f')))).toMatchObject({ Opcode: ['0x9 ping', 0, 1] });
    expect(table(fields(held('8a 85 37 fa 21 3d 7f 9f 4d 51 58')))).toMatchObject({ Opcode: ['0xa pong', 0, 1], 'Masking key': ['0x37fa213d', 2, 6] });
  });

  it('256 bytes in one unmasked binary frame: 0x82 0x7e 0x0100', () => {
    expect(table(fields(held(`82 7e 01 00 ${'ab'.repeat(256)}`)))).toMatchObject({ 'Payload length': ['256 (16-bit form: 126, then 2 bytes)', 1, 4], Payload: ['256 bytes', 4, 260] });
  });

  it('64 KiB in one unmasked binary frame: 0x82 0x7f 0x0000000000010000 (the first 1,024 bytes held)', () => {
    const frame = held(`82 7f 00 00 00 00 00 01 00 00 ${'cd'.repeat(65536)}`);
    expect(frame.payload.length).toBe(1024);
    expect(table(fields(frame))).toMatchObject({ 'Payload length': ['65,536 (64-bit form: 127, then 8 bytes)', 1, 10], Payload: ['65,536 bytes (the first 1,024 held)', 10, 65546] });
  });
});

describe('a close frame (§5.5.1)', () => {
  it('splits its body into the code, with its name and meaning, and the reason', () => {
    const list = fields(held('88 07 03 e8 62 79 65 21 21'));
    expect(table(list)).toMatchObject({ 'Close code': ['1000 Normal Closure', 2, 4], Reason: ['"bye!!"', 4, 9] });
    expect(flattenFields(list).find((field) => field.id === 'close-code')?.detail).toBe('The purpose for which the connection was established has been fulfilled.');
  });
});

describe('what breaks a rule is said, with its section', () => {
  const problem = (list: FrameField[], id: string) => flattenFields(list).find((field) => field.id === id)?.problem;

  it('an unmasked frame from a client (§5.3) and a masked one from a server (§5.1)', () => {
    expect(problem(fields(held('81 05 48 65 6c 6c 6f'), { senderIsClient: true }), 'mask')).toBe('A client must mask every frame it sends (§5.3); the server must fail the connection.');
    expect(problem(fields(held('81 85 37 fa 21 3d 7f 9f 4d 51 58'), { senderIsClient: false }), 'mask')).toBe('A server must not mask the frames it sends (§5.1); the client must fail the connection.');
  });

  it('a fragmented control frame, and a length not in its minimal form (§5.5, §5.2)', () => {
    expect(problem(fields(held('09 00')), 'fin')).toBe('A control frame must not be fragmented (§5.5).');
    expect(problem(fields(held('82 7e 00 05 01 02 03 04 05')), 'payload-length')).toBe('Not the minimal form: 5 fits the 7-bit form (§5.2).');
  });

  it('RSV2 set, and a reserved opcode', () => {
    expect(problem(fields(held('a1 00')), 'rsv2')).toBe('RSV2 is set: only a negotiated extension may define it (§5.2).');
    expect(problem(fields(held('83 00')), 'opcode')).toBe('A reserved opcode: no extension defines it, so the receiver must fail the connection (§5.2).');
  });
});

describe('choosing bytes chooses fields', () => {
  const list = fields(held('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
  it('the narrowest field covering a byte, then the next one on each click', () => {
    const picks: string[] = [];
    let current: string | null = null;
    for (let click = 0; click < 6; click++) {
      current = fieldAtByte(list, 0, current)?.id ?? null;
      picks.push(current ?? '');
    }
    expect(picks).toEqual(['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'fin']);
    expect(fieldAtByte(list, 1, null)?.id).toBe('mask');
    expect(fieldAtByte(list, 4, null)?.id).toBe('mask-key');
    expect(fieldAtByte(list, 9, null)?.id).toBe('payload');
  });
});
