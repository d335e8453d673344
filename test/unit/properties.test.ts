import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../electron/protocol/connection';
import { ProtocolError } from '../../electron/protocol/errors';
import { FrameDecoder, type DecodedFrame } from '../../electron/protocol/frame-decoder';
import { encodeFrame, minimalLengthForm, type FrameSpec } from '../../electron/protocol/frame-encoder';
import type { LengthForm } from '../../shared/frame-record';
import { cutAt, patternBytes, toHex } from './bytes';
import { connectPair, openEndpoint, RFC_MASK_KEY, type SinkEvent } from './engine-pair';

// Property tests (STYLE.md §6): encode → decode round-trips for every header field in any
// chunking; random bytes never throw anything but a ProtocolError and never hang the decoder;
// random streams never throw out of a connection and end open or in a single failure; messages
// cross between a client and a server intact however they are fragmented and cut.

const quiet = { onHeader: () => undefined, onPartial: () => undefined };

/** Cut points for a stream, drawn independently of its length. */
const cuts = fc.array(fc.nat({ max: 70000 }), { maxLength: 8 });

/** Payloads of every length form, with extra weight on the boundaries 125/126/127/65535/65536. */
const payload = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 125, 126, 127, 65535, 65536), fc.nat({ max: 255 })).map(([length, seed]) => patternBytes(length, seed)) },
);

/** Any header the encoder can write: every flag, opcode 0-15, masked or not, any length form that fits. */
const frameSpec = (payloads: fc.Arbitrary<Uint8Array> = payload): fc.Arbitrary<FrameSpec> =>
  fc
    .record({
      opcode: fc.integer({ min: 0, max: 15 }),
      payload: payloads,
      fin: fc.boolean(),
      rsv1: fc.boolean(),
      rsv2: fc.boolean(),
      rsv3: fc.boolean(),
      maskKey: fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: null }),
      lengthForm: fc.constantFrom<LengthForm | undefined>(undefined, 7, 16, 64),
    })
    .map((spec) => {
      const fits = spec.lengthForm === undefined || spec.lengthForm === 64 || spec.payload.length <= (spec.lengthForm === 7 ? 125 : 0xffff);
      return fits ? spec : { ...spec, lengthForm: undefined };
    });

/** What decoding the frame written for `spec` must give, every field in comparable form. */
function expectedFields(spec: FrameSpec) {
  const [header] = encodeFrame(spec);
  return {
    fin: spec.fin !== false,
    rsv1: spec.rsv1 === true,
    rsv2: spec.rsv2 === true,
    rsv3: spec.rsv3 === true,
    opcode: spec.opcode,
    masked: spec.maskKey != null,
    maskKey: spec.maskKey ? toHex(spec.maskKey) : null,
    payloadLength: spec.payload.length,
    lengthForm: spec.lengthForm ?? minimalLengthForm(spec.payload.length),
    header: toHex(header),
    payload: toHex(spec.payload),
  };
}

function fieldsOf(frame: DecodedFrame) {
  const { fin, rsv1, rsv2, rsv3, opcode, masked, payloadLength, lengthForm } = frame;
  return { fin, rsv1, rsv2, rsv3, opcode, masked, maskKey: frame.maskKey ? toHex(frame.maskKey) : null, payloadLength, lengthForm, header: toHex(frame.header), payload: toHex(frame.payload) };
}

describe('RFC 6455 §5.2 encode → decode round-trips', () => {
  it('gives back every field of one frame, however the bytes are cut, streaming exactly the payload prefix', () => {
    fc.assert(
      fc.property(frameSpec(), cuts, (spec, cutList) => {
        const wire = Buffer.concat(encodeFrame(spec));
        const streamed: Buffer[] = [];
        const decoder = new FrameDecoder({ onHeader: () => undefined, onPartial: (bytes) => streamed.push(Buffer.from(bytes)) });
        const frames: DecodedFrame[] = [];
        for (const piece of cutAt(wire, cutList.map((c) => c % (wire.length + 1)))) {
          decoder.push(piece);
          for (let frame = decoder.next(); frame !== null; frame = decoder.next()) frames.push(frame);
        }
        expect(frames.map(fieldsOf)).toEqual([expectedFields(spec)]);
        expect(toHex(Buffer.concat(streamed))).toBe(toHex(spec.payload.subarray(0, frames[0].streamed)));
        expect(decoder.pendingBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back a stream of frames in order, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(frameSpec(fc.uint8Array({ maxLength: 140 })), { maxLength: 8 }), cuts, (specs, cutList) => {
        const wire = Buffer.concat(specs.flatMap((spec) => encodeFrame(spec)));
        const decoder = new FrameDecoder(quiet);
        const frames: DecodedFrame[] = [];
        for (const piece of cutAt(wire, cutList.map((c) => c % (wire.length + 1)))) {
          decoder.push(piece);
          for (let frame = decoder.next(); frame !== null; frame = decoder.next()) frames.push(frame);
        }
        expect(frames.map(fieldsOf)).toEqual(specs.map(expectedFields));
      }),
      { numRuns: 300 },
    );
  });
});

/** Random bytes, or well-formed frames with random fields and one byte possibly flipped. */
const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.array(frameSpec(fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))))
    .map(([specs, flip]) => {
      const bytes = Buffer.concat(specs.flatMap((spec) => encodeFrame(spec)));
      if (flip && bytes.length > 0) bytes[flip[0] % bytes.length] ^= flip[1];
      return bytes;
    }),
);

describe('RFC 6455 §5.2 decoding hostile bytes', () => {
  it('throws nothing but a ProtocolError, stops, and re-encodes what it decoded to the bytes it read', () => {
    fc.assert(
      fc.property(hostileBytes, cuts, (bytes, cutList) => {
        const original = Buffer.from(bytes);
        const decoder = new FrameDecoder(quiet);
        const frames: DecodedFrame[] = [];
        // Every frame takes at least 2 bytes, so a decoder that returns more frames than that spins.
        const maxFrames = Math.floor(bytes.length / 2) + 1;
        let failure: unknown = null;
        for (const piece of cutAt(bytes, cutList.map((c) => c % (bytes.length + 1)))) {
          decoder.push(piece);
          try {
            for (let frame = decoder.next(); frame !== null; frame = decoder.next()) {
              frames.push(frame);
              expect(frames.length).toBeLessThanOrEqual(maxFrames);
            }
          } catch (error) {
            failure = error;
            break;
          }
        }
        if (failure !== null) {
          expect(failure).toBeInstanceOf(ProtocolError);
          expect([1002, 1009]).toContain((failure as ProtocolError).closeCode);
        }
        const reencoded = Buffer.concat(
          frames.flatMap((f) => encodeFrame({ opcode: f.opcode, payload: f.payload, fin: f.fin, rsv1: f.rsv1, rsv2: f.rsv2, rsv3: f.rsv3, maskKey: f.maskKey, lengthForm: f.lengthForm })),
        );
        expect(toHex(reencoded)).toBe(toHex(original.subarray(0, reencoded.length)));
        if (failure === null) expect(original.length - reencoded.length - decoder.pendingBytes).toBeOneOf([0, 2, 4, 6, 8, 10, 12, 14]);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Mostly nothing; sometimes `arbitrary`. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/**
 * What a peer of `role` might send: mostly whole messages, fragmented or not, with control frames
 * between fragments; sometimes a frame with random fields, a Close with any code, a flipped byte
 * or trailing garbage.
 */
function peerStream(role: Role): fc.Arbitrary<Buffer> {
  const control = fc.record({ opcode: fc.constantFrom(9, 10), payload: fc.uint8Array({ maxLength: 8 }) });
  const message = fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 24 }).map((s): [number, Uint8Array] => [1, Buffer.from(s, 'utf8')]), fc.uint8Array({ maxLength: 24 }).map((b): [number, Uint8Array] => [2, b])),
      fc.array(fc.nat(), { maxLength: 3 }),
      fc.array(fc.option(control, { freq: 2 }), { minLength: 4, maxLength: 4 }),
    )
    .map(([[opcode, body], splits, controls]) => {
      const fragments = cutAt(body, splits.map((n) => n % (body.length + 1)));
      return fragments.flatMap((part, i): FrameSpec[] => {
        const frame: FrameSpec = { opcode: i === 0 ? opcode : 0, payload: part, fin: i === fragments.length - 1 };
        const between = controls[i];
        return between && i < fragments.length - 1 ? [frame, between] : [frame];
      });
    });
  const closeCode = fc.oneof(fc.constantFrom(1000, 1001, 1002, 1005, 1006, 3000, 4999), fc.nat({ max: 65535 }));
  const close = fc.tuple(closeCode, fc.string({ maxLength: 10 })).map(([code, reason]): FrameSpec[] => [{ opcode: 8, payload: Buffer.concat([Buffer.of(code >> 8, code & 0xff), Buffer.from(reason, 'utf8')]) }]);
  const wild = frameSpec(fc.uint8Array({ maxLength: 40 })).map((spec): FrameSpec[] => [spec]);
  const frames = fc.array(fc.oneof({ weight: 8, arbitrary: message }, { weight: 2, arbitrary: control.map((c) => [c]) }, { weight: 1, arbitrary: wild }, { weight: 1, arbitrary: close }), { maxLength: 6 });
  return fc
    .tuple(frames, sometimes(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))), sometimes(fc.uint8Array({ minLength: 1, maxLength: 20 })))
    .map(([groups, flip, trailer]) => {
      // Towards a server, frames are masked (§5.3) unless the random frame says otherwise.
      const encode = (spec: FrameSpec): Buffer => Buffer.concat(encodeFrame('maskKey' in spec ? spec : { ...spec, maskKey: role === 'server' ? RFC_MASK_KEY : null }));
      const bytes = Buffer.concat([...groups.flat().map(encode), trailer ?? Buffer.alloc(0)]);
      if (flip && bytes.length > 0) bytes[flip[0] % bytes.length] ^= flip[1];
      return bytes;
    });
}

describe('RFC 6455 §7.1.7 connections fed hostile streams', () => {
  it.each<Role>(['server', 'client'])('%s: never throws, and ends open, closing cleanly, or in one failure with its Close written', (role) => {
    fc.assert(
      fc.property(fc.oneof(peerStream(role), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))), cuts, (bytes, cutList) => {
        const { conn, rec } = openEndpoint(role, { maxFrameSize: 1 << 16, maxMessageSize: 1 << 16 });
        for (const piece of cutAt(bytes, cutList.map((c) => c % (bytes.length + 1)))) conn.receiveData(piece);

        const out = new FrameDecoder(quiet);
        out.push(Buffer.from(rec.writes.join(''), 'hex'));
        const written: DecodedFrame[] = [];
        for (let frame = out.next(); frame !== null; frame = out.next()) written.push(frame);
        expect(out.pendingBytes).toBe(0);
        expect(written.every((f) => f.masked === (role === 'client'))).toBe(true);

        // Every pong answers a reported ping with its payload, in order; a Close, if any, is the last frame written.
        const pings = rec.events.filter(([type]) => type === 'ping').map(([, payload]) => payload);
        const pongs = written.filter((f) => f.opcode === 10).map((f) => toHex(f.payload));
        expect(pongs).toEqual(pings);
        const closes = written.filter((f) => f.opcode === 8);
        expect(closes.length).toBeLessThanOrEqual(1);
        if (closes.length === 1) expect(written.at(-1)?.opcode).toBe(8);

        const errors = rec.events.filter(([type]) => type === 'error');
        if (errors.length > 0) {
          expect(errors).toHaveLength(1);
          expect(rec.events.slice(-2)).toEqual([errors[0], ['end']]);
          expect(closes.map((f) => f.payload.readUInt16BE(0))).toEqual([errors[0][2]]);
          expect(conn.readyState).toBe('CLOSING');
        } else if (closes.length === 1) {
          expect(conn.readyState).toBe('CLOSING'); // the peer's Close, echoed
        } else {
          expect(conn.readyState).toBe('OPEN');
          expect(rec.events.some(([type]) => type === 'end')).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('RFC 6455 §6 messages between a client and a server', () => {
  const message = fc.oneof(
    fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'grapheme', maxLength: 30 }), splits: fc.array(fc.nat(), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('binary' as const), bytes: fc.uint8Array({ maxLength: 300 }), splits: fc.array(fc.nat(), { maxLength: 3 }) }),
  );

  it('arrive intact both ways, fragmented at random and cut at random on the wire', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), cuts, (messages, cutList) => {
        const { client, server } = connectPair({ maskKey: () => Uint8Array.of(cutList.length, 0x5a, 0xa5, 0xff) });
        const expected: SinkEvent[] = [];
        for (const sender of [client.conn, server.conn]) {
          for (const m of messages) {
            const body = m.kind === 'text' ? Buffer.from(m.text, 'utf8') : Buffer.from(m.bytes);
            const fragments = cutAt(body, m.splits.map((n) => n % (body.length + 1)));
            fragments.forEach((part, i) => sender.sendFrame(i === 0 ? (m.kind === 'text' ? 1 : 2) : 0, part, i === fragments.length - 1));
            if (sender === client.conn) expected.push(['message', m.kind, m.kind === 'text' ? m.text : toHex(body)]);
          }
        }
        for (const [from, to] of [[client, server], [server, client]] as const) {
          const wire = Buffer.concat(from.rec.outbox.splice(0));
          for (const piece of cutAt(wire, cutList.map((c) => c % (wire.length + 1)))) to.conn.receiveData(piece);
        }
        expect(server.rec.events).toEqual(expected);
        expect(client.rec.events).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
