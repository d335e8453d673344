import { isControlOpcode, isReservedOpcode, opcodeName } from '../../../shared/opcodes';
import { parseClosePayload } from '../../format/close-payload';
import { byteHex, count, hexToBytes } from '../../format/payload-text';
import type { Utf8Report } from '../../format/utf8-report';
import type { FrameRow } from '../../store/timeline-log';

/** One field of the decoded header tree, with the wire bytes it occupies. */
export interface FrameField {
  /** Stable across frames ('opcode', 'mask-key'…), so a selected field stays selected from frame to frame. */
  id: string;
  name: string;
  value: string;
  /** For a field inside one byte: that byte with the field's bits shown and the others dotted ("1... ...."). */
  bits?: string;
  /** The RFC section it comes from, and what it means there. */
  section: string;
  explanation: string;
  /** Its bytes in the frame's wire bytes: [start, end); absent for facts about the payload as a whole. */
  start?: number;
  end?: number;
  /** A line said under the value (a close code's meaning). */
  detail?: string;
  /** Where the frame breaks a rule, in one sentence. */
  problem?: string;
  children?: FrameField[];
}

export interface FieldContext {
  /** Whether this side of the session is the client, which must mask (§5.3), or the server, which must not (§5.1). */
  senderIsClient: boolean | null;
  /** The payload bytes at hand (kept or loaded) and whether they are the whole payload. */
  payload: Uint8Array;
  payloadComplete: boolean;
  /** The message's opcode when this frame is a fragment (a continuation's meaning comes from its first frame). */
  messageOpcode: number;
  /** For a text payload: its UTF-8 verdict, alone and, for a fragment, once reassembled. */
  utf8: Utf8Report | null;
  reassembledUtf8: Utf8Report | null;
}

const EXPLAIN = {
  fin: 'Indicates that this is the final fragment in a message. The first fragment may also be the final fragment.',
  rsv: 'Must be 0 unless an extension is negotiated that defines meanings for non-zero values; otherwise the receiver must fail the connection.',
  rsv1Deflate: 'permessage-deflate (RFC 7692 §6) sets RSV1 on the first frame of a compressed message.',
  opcode: 'Defines the interpretation of the payload: 0x0 continuation, 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong; 0x3-7 and 0xB-F are reserved. An unknown opcode fails the connection.',
  mask: 'Whether the payload is masked. If 1, a masking key is present and unmasks the payload (§5.3). Every frame from a client to a server is masked; a server never masks.',
  length: 'The payload length in bytes: 0-125 fit the 7 bits; 126 means a 16-bit length follows, 127 a 64-bit length (most significant bit 0), in network byte order. The minimal number of bytes must be used.',
  maskKey: 'A 32-bit value chosen at random for every frame. Payload byte i is XORed with key byte i mod 4, on both sides of the wire.',
  payload: 'Extension data followed by application data; its length is the payload length.',
  closeCode: 'The first two bytes of a Close frame’s body: a status code saying why the endpoint is closing (§7.4).',
  reason: 'After the code, a UTF-8 reason, not necessarily human readable; a control frame’s payload is at most 125 bytes, so at most 123.',
  utf8: 'A text message’s payload must be valid UTF-8 (§5.6, §8.1). A message may be split in the middle of a character: only the reassembled message must be valid.',
  compression: 'permessage-deflate (RFC 7692) compresses a whole message; the frames carry the compressed bytes and RSV1 is set on the first.',
  rtt: 'The time from sending a ping to receiving the pong that echoes its payload (§5.5.3).',
};

/** The frame's header and payload as a tree of fields, each with its bytes and its RFC 6455 section. */
export function frameFields(frame: FrameRow, context: FieldContext): FrameField[] {
  const header = hexToBytes(frame.header);
  const byte0 = header[0] ?? 0;
  const byte1 = header[1] ?? 0;
  const control = isControlOpcode(frame.opcode);
  const extension = frame.lengthForm === 16 ? 2 : frame.lengthForm === 64 ? 8 : 0;
  const keyStart = 2 + extension;
  const payloadStart = header.length;
  const fields: FrameField[] = [
    {
      id: 'fin',
      name: 'FIN',
      value: frame.fin ? '1 (final fragment)' : '0 (more fragments follow)',
      bits: bitsOf(byte0, 0x80),
      section: '§5.2',
      explanation: EXPLAIN.fin,
      start: 0,
      end: 1,
      problem: control && !frame.fin ? 'A control frame must not be fragmented (§5.5).' : undefined,
    },
    ...(['rsv1', 'rsv2', 'rsv3'] as const).map((id, i) => rsvField(id, frame[id], bitsOf(byte0, 0x40 >> i), id === 'rsv1' && frame.opcode !== 0 && !control)),
    {
      id: 'opcode',
      name: 'Opcode',
      value: `0x${frame.opcode.toString(16)} ${opcodeName(frame.opcode)}`,
      bits: bitsOf(byte0, 0x0f),
      section: '§5.2',
      explanation: EXPLAIN.opcode,
      start: 0,
      end: 1,
      problem: isReservedOpcode(frame.opcode) ? 'A reserved opcode: no extension defines it, so the receiver must fail the connection (§5.2).' : undefined,
    },
    {
      id: 'mask',
      name: 'Mask',
      value: frame.masked ? '1 (masked)' : '0 (not masked)',
      bits: bitsOf(byte1, 0x80),
      section: '§5.2, §5.3',
      explanation: EXPLAIN.mask,
      start: 1,
      end: 2,
      problem: maskProblem(frame.masked, context.senderIsClient),
    },
    {
      id: 'payload-length',
      name: 'Payload length',
      value: `${count(frame.payloadLength)} (${lengthFormText(frame.lengthForm)})`,
      bits: extension === 0 ? bitsOf(byte1, 0x7f) : `${bitsOf(byte1, 0x7f)} = ${byte1 & 0x7f}, then ${Array.from(header.subarray(2, 2 + extension), byteHex).join(' ')}`,
      section: '§5.2',
      explanation: EXPLAIN.length,
      start: 1,
      end: 2 + extension,
      problem: lengthProblem(frame, header, control),
    },
  ];
  if (frame.masked && frame.maskKey) {
    fields.push({
      id: 'mask-key',
      name: 'Masking key',
      value: `0x${frame.maskKey}`,
      section: '§5.3',
      explanation: EXPLAIN.maskKey,
      start: keyStart,
      end: keyStart + 4,
    });
  }
  fields.push(payloadField(frame, context, payloadStart));
  return fields;
}

function rsvField(id: 'rsv1' | 'rsv2' | 'rsv3', set: boolean, bits: string, deflateBit: boolean): FrameField {
  return {
    id,
    name: id.toUpperCase(),
    value: set ? (deflateBit ? '1 (compressed message)' : '1') : '0',
    bits,
    section: '§5.2',
    explanation: deflateBit ? `${EXPLAIN.rsv} ${EXPLAIN.rsv1Deflate}` : EXPLAIN.rsv,
    start: 0,
    end: 1,
    problem: set && !deflateBit ? `${id.toUpperCase()} is set: only a negotiated extension may define it (§5.2).` : undefined,
  };
}

function payloadField(frame: FrameRow, context: FieldContext, start: number): FrameField {
  const children: FrameField[] = [];
  const { payload } = context;
  if (frame.opcode === 0x8 && context.payloadComplete && !frame.dropped) {
    const close = parseClosePayload(payload);
    children.push({
      id: 'close-code',
      name: 'Close code',
      value: close.code === null ? close.name : `${close.code} ${close.name}`,
      section: '§5.5.1, §7.4',
      explanation: EXPLAIN.closeCode,
      detail: close.meaning,
      ...(payload.length >= 2 ? { start, end: start + 2 } : {}),
    });
    if (payload.length > 2) {
      children.push({
        id: 'close-reason',
        name: 'Reason',
        value: JSON.stringify(close.reason),
        section: '§5.5.1',
        explanation: EXPLAIN.reason,
        start: start + 2,
        end: start + payload.length,
        problem: close.reasonUtf8.status === 'invalid' ? `The reason is ${close.reasonUtf8.explanation} (§5.5.1).` : undefined,
      });
    }
  }
  if (context.utf8) children.push(utf8Field(context.utf8, context.reassembledUtf8));
  if (frame.rsv1 && frame.opcode !== 0 && !isControlOpcode(frame.opcode)) {
    children.push({ id: 'compression', name: 'Compression', value: 'permessage-deflate: the payload is compressed', section: 'RFC 7692 §7.2', explanation: EXPLAIN.compression });
  }
  if (frame.inflatedLength !== undefined) {
    children.push({
      id: 'inflated',
      name: 'Sizes',
      value: `${count(frame.payloadLength)} B on the wire (this frame), ${count(frame.inflatedLength)} B inflated (the message)`,
      section: 'RFC 7692 §7.2',
      explanation: EXPLAIN.compression,
    });
  }
  if (frame.rttMs !== undefined) children.push({ id: 'rtt', name: 'Round trip', value: `${frame.rttMs} ms`, section: '§5.5.2, §5.5.3', explanation: EXPLAIN.rtt });
  const held = frame.dropped ? 'dropped by the memory bound' : context.payloadComplete ? '' : `the first ${count(payload.length)} held`;
  return {
    id: 'payload',
    name: 'Payload',
    value: `${count(frame.payloadLength)} bytes${frame.masked ? ', masked on the wire' : ''}${held ? ` (${held})` : ''}`,
    section: frame.opcode === 0x1 || context.messageOpcode === 0x1 ? '§5.2, §5.6' : '§5.2',
    explanation: EXPLAIN.payload,
    start,
    end: start + frame.payloadLength,
    children,
  };
}

function utf8Field(alone: Utf8Report, reassembled: Utf8Report | null): FrameField {
  let value: string;
  let problem: string | undefined;
  if (alone.status === 'valid') value = 'valid';
  else if (alone.status === 'invalid') {
    value = alone.explanation;
    problem = 'Invalid UTF-8 in a text message: the receiver must fail the connection with 1007 (§8.1).';
  } else if (reassembled === null) value = `${alone.explanation}; the message is not complete here`;
  else if (reassembled.status === 'valid') value = `${alone.explanation}; valid once reassembled`;
  else {
    value = `${alone.explanation}; reassembled, ${reassembled.status === 'invalid' ? reassembled.explanation : 'still cut short'}`;
    problem = 'The reassembled message is not valid UTF-8 (§8.1).';
  }
  return { id: 'utf8', name: 'UTF-8', value, section: '§5.6, §8.1', explanation: EXPLAIN.utf8, problem };
}

function maskProblem(masked: boolean, senderIsClient: boolean | null): string | undefined {
  if (senderIsClient === true && !masked) return 'A client must mask every frame it sends (§5.3); the server must fail the connection.';
  if (senderIsClient === false && masked) return 'A server must not mask the frames it sends (§5.1); the client must fail the connection.';
  return undefined;
}

function lengthFormText(form: 7 | 16 | 64): string {
  if (form === 7) return '7-bit form';
  return form === 16 ? '16-bit form: 126, then 2 bytes' : '64-bit form: 127, then 8 bytes';
}

function lengthProblem(frame: FrameRow, header: Uint8Array, control: boolean): string | undefined {
  if (control && frame.payloadLength > 125) return 'A control frame’s payload is at most 125 bytes (§5.5).';
  if (frame.lengthForm === 64 && (header[2] ?? 0) & 0x80) return 'The most significant bit of a 64-bit length must be 0 (§5.2).';
  const minimal = frame.payloadLength <= 125 ? 7 : frame.payloadLength <= 0xffff ? 16 : 64;
  if (frame.lengthForm !== minimal) return `Not the minimal form: ${count(frame.payloadLength)} fits the ${minimal}-bit form (§5.2).`;
  return undefined;
}

/** The byte with only `mask`'s bits shown, Wireshark style: "1... ...." */
function bitsOf(byte: number, mask: number): string {
  let out = '';
  for (let bit = 7; bit >= 0; bit--) {
    out += mask & (1 << bit) ? ((byte >> bit) & 1 ? '1' : '0') : '.';
    if (bit === 4) out += ' ';
  }
  return out;
}

/** Every field, children after their parent, for finding one by id or by byte. */
export function flattenFields(fields: FrameField[]): FrameField[] {
  return fields.flatMap((field) => [field, ...flattenFields(field.children ?? [])]);
}

/**
 * The field a click on byte `offset` selects: the narrowest one covering it; clicking
 * the same byte again goes to the next one covering it (byte 0 holds FIN, RSV1-3 and
 * the opcode).
 */
export function fieldAtByte(fields: FrameField[], offset: number, current: string | null): FrameField | undefined {
  const covering = flattenFields(fields)
    .filter((field) => field.start !== undefined && field.end !== undefined && offset >= field.start && offset < field.end)
    .sort((a, b) => (a.end as number) - (a.start as number) - ((b.end as number) - (b.start as number)));
  const at = covering.findIndex((field) => field.id === current);
  return covering[at < 0 ? 0 : (at + 1) % covering.length];
}

/** The tree as indented text, for the clipboard: "Opcode: 0x1 text  (§5.2)". */
export function fieldsText(fields: FrameField[], depth = 0): string {
  return fields
    .map((field) => [`${'  '.repeat(depth)}${field.name}: ${field.value}  (${field.section})`, ...(field.children?.length ? [fieldsText(field.children, depth + 1)] : [])].join('\n'))
    .join('\n');
}
