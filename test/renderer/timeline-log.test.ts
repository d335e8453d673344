// The timeline as the UI holds it: every wire field back out of its columns, fragmented
// messages grouped per direction (RFC 6455 §5.4), history merged in seq order whatever
// order it arrives in.
import { describe, expect, it } from 'vitest';
import { TimelineLog, type FrameRow } from '../../renderer/store/timeline-log';
import { event, frame, frameFromWire } from './capture-entries';

describe('rows', () => {
  it('give back every field of the entry they were made from', () => {
    const log = new TimelineLog();
    const entry = { ...frameFromWire(7, '81 85 37 fa 21 3d 7f 9f 4d 51 58', 'out'), crafted: true, rttMs: 1.5 };
    log.append([entry]);
    const { payload, released, ...fields } = log.rowAt(0) as FrameRow;
    expect(Buffer.from(payload).toString()).toBe('Hello');
    expect(released).toBe(false);
    const { preview, ...expected } = entry;
    expect(Buffer.from(preview, 'base64').toString()).toBe('Hello');
    expect(fields).toEqual(expected);
  });

  it('keep the first 1,024 bytes of a larger payload, and say it is not complete', () => {
    const log = new TimelineLog();
    log.append([frame(1, 0x2, Buffer.alloc(5000, 7))]);
    const row = log.rowAt(0) as FrameRow;
    expect([row.payload.length, row.complete, row.payloadLength]).toEqual([1024, false, 5000]);
  });
});

describe('fragmented messages (§5.4)', () => {
  it('group per direction, control frames in between staying on their own', () => {
    const log = new TimelineLog();
    log.append([
      frame(1, 0x1, 'Hel', { fin: false }),
      frame(2, 0x2, 'out-first', { fin: false, direction: 'out' }),
      frame(3, 0x9, 'ping'),
      frame(4, 0x0, 'lo', { fin: true }),
      frame(5, 0x0, '-last', { direction: 'out' }),
      frame(6, 0x0, 'orphan'),
    ]);
    const { groups } = log;
    expect(groups.count).toBe(2);
    expect(groups.rows).toEqual([
      [0, 3],
      [1, 4],
    ]);
    expect(groups.opcode).toEqual([0x1, 0x2]);
    expect(groups.finished).toEqual([true, true]);
    expect([groups.of(2), groups.of(5)]).toEqual([-1, -1]);
  });

  it('a new data frame in the middle of a message leaves that message unfinished', () => {
    const log = new TimelineLog();
    log.append([frame(1, 0x1, 'a', { fin: false }), frame(2, 0x1, 'b')]);
    expect(log.groups.finished).toEqual([false]);
    expect(log.groups.of(1)).toBe(-1);
  });
});

describe('history after a reload', () => {
  it('merges chunks into seq order, around entries that arrived live, without duplicates', () => {
    const log = new TimelineLog();
    log.append([event(9, 'note', 'live 9'), event(10, 'note', 'live 10')]);
    log.merge([event(1, 'connecting', 'a'), event(2, 'open', 'b'), event(3, 'note', 'c')]);
    log.merge([event(4, 'note', 'd'), event(9, 'note', 'live 9'), event(5, 'note', 'e')]);
    log.append([event(11, 'note', 'live 11')]);
    expect(Array.from({ length: log.length }, (_, row) => log.seqAt(row))).toEqual([1, 2, 3, 4, 5, 9, 10, 11]);
    expect(log.indexOfSeq(9)).toBe(5);
    expect(log.indexOfSeq(6)).toBe(-1);
  });
});
