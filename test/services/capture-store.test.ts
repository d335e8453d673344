// The capture store: sequence numbers without gaps, previews and payload ranges, and the
// memory bound that gives up the oldest payloads, then the oldest entries, and says so.
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import { CaptureStore, type CaptureChange } from '../../electron/services/capture-store';
import { frames } from './helpers';

const MiB = 1024 * 1024;

function frame(payload: Buffer, opcode = 0x2): Frame {
  const header = Buffer.from([0x80 | opcode, payload.length <= 125 ? payload.length : 126]);
  return { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode, masked: false, maskKey: null, payloadLength: payload.length, lengthForm: payload.length <= 125 ? 7 : 16, header, payload };
}

function store(memoryBytes: number, previewBytes = 16): { captures: CaptureStore; changes: CaptureChange[] } {
  const changes: CaptureChange[] = [];
  const captures = new CaptureStore({ memoryBytes, previewBytes }, (change) => changes.push(change));
  return { captures, changes };
}

describe('entries', () => {
  it('numbers every entry from 1 and stamps it in microseconds', () => {
    const { captures, changes } = store(MiB);
    captures.create('s1');
    const before = Date.now() * 1000;
    captures.appendEvent('s1', 'connecting', 'connecting to ws://x/');
    captures.appendFrame('s1', 'in', frame(Buffer.from('hi')), false);
    const entries = captures.entries('s1', 1, 10);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2]);
    expect(entries[0].time).toBeGreaterThanOrEqual(before - 1000);
    expect(entries[0].time).toBeLessThan((Date.now() + 1) * 1000);
    expect(changes).toEqual([
      { type: 'appended', sessionId: 's1', seq: 1 },
      { type: 'appended', sessionId: 's1', seq: 2 },
    ]);
  });

  it('keeps every header field as it was on the wire, and masks keys as hex', () => {
    const { captures } = store(MiB);
    captures.create('s1');
    const masked: Frame = { ...frame(Buffer.from('abc'), 0x1), masked: true, maskKey: Uint8Array.from([1, 2, 3, 0xff]), fin: false, rsv2: true, header: Buffer.from([0x21, 0x83, 1, 2, 3, 0xff]) };
    captures.appendFrame('s1', 'out', masked, true);
    const [entry] = frames(captures.entries('s1', 1, 1));
    expect(entry).toMatchObject({ direction: 'out', fin: false, rsv1: false, rsv2: true, rsv3: false, opcode: 1, masked: true, maskKey: '010203ff', header: '2183010203ff', crafted: true, payloadLength: 3, lengthForm: 7 });
  });

  it('gives the UI a preview and the rest in ranges', () => {
    const { captures } = store(MiB, 16);
    captures.create('s1');
    const payload = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    captures.appendFrame('s1', 'in', frame(payload), false);
    const [entry] = frames(captures.entries('s1', 1, 1));
    expect(Buffer.from(entry.preview, 'base64')).toEqual(payload.subarray(0, 16));
    expect(entry.complete).toBe(false);
    expect(captures.payload('s1', 1, 90, 50)).toEqual({ data: payload.subarray(90), total: 100 });
    expect(() => captures.payload('s1', 1, 101, 1)).toThrow('offset 101 is past the end of the 100-byte payload');
    expect(() => captures.payload('s1', 2, 0, 1)).toThrow('s1 has no entry 2');
  });
});

describe('the memory bound', () => {
  it('drops the oldest payloads first and reports how many, per session', () => {
    const { captures, changes } = store(MiB);
    captures.create('a');
    captures.create('b');
    const kib100 = Buffer.alloc(100 * 1024, 7);
    for (let i = 0; i < 8; i++) captures.appendFrame(i % 2 === 0 ? 'a' : 'b', 'in', frame(kib100), false);
    expect(captures.usedBytes).toBeLessThanOrEqual(MiB);
    for (let i = 0; i < 4; i++) captures.appendFrame('a', 'in', frame(kib100), false);
    expect(captures.usedBytes).toBeLessThanOrEqual(MiB);

    const a = frames(captures.entries('a', 1, 100));
    // 12 entries of 100 KiB and change do not fit in 1 MiB; 10 do: the two oldest (a's first, b's first) go.
    expect(a.map((entry) => entry.dropped)).toEqual([true, false, false, false, false, false, false, false]);
    expect(frames(captures.entries('b', 1, 100)).map((entry) => entry.dropped)).toEqual([true, false, false, false]);
    expect(a[0].preview).toBe('');
    expect(() => captures.payload('a', 1, 0, 1)).toThrow('the payload of frame 1 was dropped to keep the capture within its memory bound');
    expect(captures.counts('a')).toEqual({ entries: 8, truncated: 1, evicted: 0 });
    expect(captures.counts('b')).toEqual({ entries: 4, truncated: 1, evicted: 0 });
    expect(changes.filter((change) => change.type === 'truncated')).toEqual([
      { type: 'truncated', sessionId: 'a', frames: 1, evicted: 0 },
      { type: 'truncated', sessionId: 'b', frames: 1, evicted: 0 },
    ]);
  });

  it('removes the oldest entries once their records take half the bound, so the newest keep their payloads', () => {
    const { captures } = store(MiB);
    captures.create('s1');
    for (let i = 0; i < 10_000; i++) captures.appendFrame('s1', 'in', frame(Buffer.alloc(10)), false);
    expect(captures.usedBytes).toBeLessThanOrEqual(MiB);
    const { entries, evicted, truncated } = captures.counts('s1');
    expect(entries).toBe(10_000);
    expect(evicted).toBeGreaterThan(0);
    expect(truncated).toBe(0);
    const retained = frames(captures.entries('s1', 1, 100_000));
    expect(retained[0].seq).toBe(evicted + 1);
    expect(retained.at(-1)?.seq).toBe(10_000);
    expect(retained).toHaveLength(10_000 - evicted);
    expect(retained.every((entry) => !entry.dropped)).toBe(true);
    expect(() => captures.payload('s1', 1, 0, 1)).toThrow('entry 1 of s1 was removed to keep the capture within its memory bound');
  });

  it('under a flood of large frames, keeps the newest payloads and the older entries without theirs', () => {
    const { captures } = store(MiB);
    captures.create('s1');
    for (let i = 0; i < 2_000; i++) captures.appendFrame('s1', 'in', frame(Buffer.alloc(4096, i & 0xff)), false);
    expect(captures.usedBytes).toBeLessThanOrEqual(MiB);
    const retained = frames(captures.entries('s1', 1, 100_000));
    const firstWhole = retained.findIndex((entry) => !entry.dropped);
    expect(firstWhole).toBeGreaterThan(0);
    expect(retained.slice(firstWhole).every((entry) => !entry.dropped)).toBe(true);
    expect(retained.at(-1)?.seq).toBe(2_000);
    expect(captures.counts('s1').truncated).toBe(firstWhole + captures.counts('s1').evicted);
  });

  it('a smaller bound applies at once; removing a session frees its bytes', () => {
    const { captures } = store(16 * MiB);
    captures.create('s1');
    for (let i = 0; i < 30; i++) captures.appendFrame('s1', 'in', frame(Buffer.alloc(100 * 1024)), false);
    expect(captures.usedBytes).toBeGreaterThan(2 * MiB);
    captures.setLimits({ memoryBytes: 2 * MiB });
    expect(captures.usedBytes).toBeLessThanOrEqual(2 * MiB);
    captures.remove('s1');
    expect(captures.usedBytes).toBe(0);
    expect(captures.entries('s1', 1, 10)).toEqual([]);
  });
});

