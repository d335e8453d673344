import type { CraftedFrame } from './crafted-frame';

/** One classic protocol violation, one click in the crafter (RFC 6455 references). */
export interface Violation {
  /** The button's name. */
  name: string;
  /** What a conforming peer does about it. */
  expectation: string;
  /** The close code a conforming peer answers with. */
  expectedClose: number;
  rfc: string;
  /** Which side can commit it (an unmasked frame is only a violation from a client). */
  from: 'client' | 'server' | 'either';
  frames: CraftedFrame[];
}

const utf8Base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const bytesBase64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

const frame = (overrides: Partial<CraftedFrame>): CraftedFrame => ({
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 0x1,
  mask: 'role',
  payload: utf8Base64('violation'),
  length: { form: 'auto' },
  ...overrides,
});

export const VIOLATIONS: readonly Violation[] = [
  {
    name: 'Unmasked client frame',
    expectation: 'the server fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.1: a server MUST close the connection upon receiving an unmasked frame',
    from: 'client',
    frames: [frame({ mask: 'none' })],
  },
  {
    name: 'Masked server frame',
    expectation: 'the client fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.1: a client MUST close the connection if it detects a masked frame',
    from: 'server',
    frames: [frame({ mask: 'random' })],
  },
  {
    name: 'Fragmented ping',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.5: control frames MUST NOT be fragmented',
    from: 'either',
    frames: [frame({ opcode: 0x9, fin: false, payload: utf8Base64('ping') })],
  },
  {
    name: 'Control frame over 125 bytes',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.5: all control frames MUST have a payload length of 125 bytes or less',
    from: 'either',
    frames: [frame({ opcode: 0x9, payload: bytesBase64(Array(126).fill(0x2a)) })],
  },
  {
    name: 'RSV1 without an extension',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.2: RSV1-3 MUST be 0 unless an extension defines them',
    from: 'either',
    frames: [frame({ rsv1: true })],
  },
  {
    name: 'Reserved opcode',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved; an unknown opcode fails the connection',
    from: 'either',
    frames: [frame({ opcode: 0x3 })],
  },
  {
    name: 'Continuation without a start',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.4: a continuation frame continues a fragmented message that must have started',
    from: 'either',
    frames: [frame({ opcode: 0x0 })],
  },
  {
    name: 'Invalid UTF-8 in text',
    expectation: 'the peer fails the connection with 1007',
    expectedClose: 1007,
    rfc: '§8.1: text MUST be valid UTF-8; otherwise fail the connection (1007, §7.4.1)',
    from: 'either',
    frames: [frame({ payload: bytesBase64([0x68, 0x69, 0xc0, 0xaf]) })],
  },
  {
    name: 'Invalid close code',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§7.4.1: 1005 may not be sent in a Close frame; §7.4.2: 0-999 are unused',
    from: 'either',
    frames: [frame({ opcode: 0x8, payload: bytesBase64([0x03, 0xed]) })],
  },
  {
    name: 'Close with a 1-byte payload',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.5.1: a Close body, if any, starts with a 2-byte status code',
    from: 'either',
    frames: [frame({ opcode: 0x8, payload: bytesBase64([0x03]) })],
  },
  {
    name: '64-bit length with the top bit set',
    expectation: 'the peer fails the connection with 1002',
    expectedClose: 1002,
    rfc: '§5.2: the most significant bit of a 64-bit length MUST be 0',
    from: 'either',
    frames: [frame({ opcode: 0x2, length: { form: 64, value: '9223372036854775813' }, payload: bytesBase64([1, 2, 3, 4, 5]) })],
  },
];
