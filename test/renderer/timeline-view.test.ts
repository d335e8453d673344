// What the timeline shows: filters by direction, opcode kind (§5.5 control, §5.6 data) and
// payload text or regular expression; fragmented messages as one row until opened; and a
// million rows refiltered without holding the main thread.
import { describe, expect, it } from 'vitest';
import { NO_FILTER, type TimelineFilter } from '../../renderer/store/timeline-filter';
import { TimelineLog } from '../../renderer/store/timeline-log';
import { event, frame } from './capture-entries';

/** The rows shown, as "seq" for a row and "[seq]" for a message's own row. */
function shown(log: TimelineLog): string[] {
  return Array.from({ length: log.view.length }, (_, index) => {
    const value = log.view.at(index);
    const seq = log.seqAt(value >>> 1);
    return (value & 1) === 0 ? `[${seq}]` : String(seq);
  });
}

/** Apply a filter and wait until every row is tested. */
async function filtered(log: TimelineLog, changes: Partial<TimelineFilter>): Promise<string[]> {
  log.view.setFilter({ ...NO_FILTER, ...changes });
  while (log.view.progress !== null) await new Promise((resolve) => setTimeout(resolve, 1));
  return shown(log);
}

function sample(): TimelineLog {
  const log = new TimelineLog();
  log.append([
    event(1, 'open', 'open'),
    frame(2, 0x1, 'Alpha one'),
    frame(3, 0x1, 'beta two', { direction: 'out' }),
    frame(4, 0x2, Buffer.from([0xde, 0xad])),
    frame(5, 0x9, 'are you there?'),
    frame(6, 0xa, 'are you there?', { direction: 'out' }),
    frame(7, 0x8, Buffer.from([0x03, 0xe8])),
  ]);
  return log;
}

describe('filters', () => {
  it('by direction and by opcode kind; events only when neither is set', async () => {
    const log = sample();
    expect(await filtered(log, { direction: 'out' })).toEqual(['3', '6']);
    expect(await filtered(log, { direction: 'in', kind: 'data' })).toEqual(['2', '4']);
    expect(await filtered(log, { kind: 'control' })).toEqual(['5', '6', '7']);
    expect(await filtered(log, {})).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('by text in the payload bytes, ASCII case folded unless Match case', async () => {
    const log = sample();
    expect(await filtered(log, { search: 'ALPHA' })).toEqual(['2']);
    expect(await filtered(log, { search: 'ALPHA', matchCase: true })).toEqual([]);
    expect(await filtered(log, { search: 'there?' })).toEqual(['5', '6']);
    // The search looks at events' text too.
    expect(await filtered(log, { search: 'open' })).toEqual(['1']);
  });

  it('by regular expression; an invalid one is reported and ignored', async () => {
    const log = sample();
    expect(await filtered(log, { search: '^(alpha|beta) \\w+$', regex: true })).toEqual(['2', '3']);
    expect(await filtered(log, { search: '(', regex: true })).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(log.view.filterError).toMatch(/Invalid regular expression/);
  });

  it('tests rows as they arrive with the filter in force', async () => {
    const log = sample();
    await filtered(log, { search: 'needle' });
    log.append([frame(8, 0x1, 'hay'), frame(9, 0x1, 'a needle')]);
    expect(shown(log)).toEqual(['9']);
  });
});

describe('fragmented messages (§5.4)', () => {
  const fragments = () => {
    const log = new TimelineLog();
    log.append([frame(1, 0x1, 'one ', { fin: false }), frame(2, 0x9, 'ping'), frame(3, 0x0, 'two ', { fin: false }), frame(4, 0x0, 'three')]);
    return log;
  };

  it('show as one row until opened, then the message row and its fragments in place', () => {
    const log = fragments();
    expect(shown(log)).toEqual(['[1]', '2']);
    log.view.toggle(0);
    expect(shown(log)).toEqual(['[1]', '1', '2', '3', '4']);
    log.view.toggle(0);
    expect(shown(log)).toEqual(['[1]', '2']);
  });

  it('match a search as a whole: a message shows when any fragment matches', async () => {
    const log = fragments();
    expect(await filtered(log, { search: 'three' })).toEqual(['[1]']);
    log.view.toggle(0);
    expect(shown(log)).toEqual(['[1]', '1', '3', '4']);
  });

  it('a message whose matching fragment comes later appears in its place', async () => {
    const log = new TimelineLog();
    log.append([frame(1, 0x1, 'hay ', { fin: false }), frame(2, 0x1, 'needle in a later message', { direction: 'out' })]);
    await filtered(log, { search: 'needle' });
    expect(shown(log)).toEqual(['2']);
    log.append([frame(3, 0x0, 'needle')]);
    expect(shown(log)).toEqual(['[1]', '2']);
  });
});

describe('a million rows', () => {
  it('are refiltered in slices: progress is reported and the result is complete', async () => {
    const log = new TimelineLog();
    const batch = [];
    for (let seq = 1; seq <= 1_000_000; seq++) {
      batch.push(frame(seq, 0x1, `{"n":${seq}}`));
      if (batch.length === 10_000) log.append(batch.splice(0));
    }
    log.view.setFilter({ ...NO_FILTER, search: '"n":424242}', regex: true });
    expect(log.view.progress).not.toBeNull();
    while (log.view.progress !== null) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(shown(log)).toEqual(['424242']);
  }, 60_000);
});
