// The event batcher: changes coalesced per session, at most one batch per interval,
// entries read from the capture when the batch is built, and nothing lost or duplicated.
import { describe, expect, it } from 'vitest';
import type { ApiEvent, SessionSummary } from '../../shared/api';
import type { CaptureEntry } from '../../shared/capture';
import { EventBatcher, type FeedSource } from '../../electron/services/event-batcher';
import { ManualClock } from './helpers';

/** A source with `n` lifecycle entries per session, appended by the test. */
class FakeSource implements FeedSource {
  readonly logs = new Map<string, CaptureEntry[]>();

  append(sessionId: string): number {
    const log = this.logs.get(sessionId) ?? [];
    this.logs.set(sessionId, log);
    const seq = log.length + 1;
    log.push({ kind: 'event', seq, time: seq, event: 'note', text: `entry ${seq}` });
    return seq;
  }

  summary(sessionId: string): SessionSummary | null {
    const log = this.logs.get(sessionId);
    if (!log) return null;
    return { id: sessionId, kind: 'client', parentId: null, label: sessionId, state: 'open', entries: log.length, truncated: 0, evicted: 0, status: null };
  }

  entries(sessionId: string, from: number, count: number): CaptureEntry[] {
    return (this.logs.get(sessionId) ?? []).slice(from - 1, from - 1 + count);
  }
}

function setup(options: { maxEntries?: number; isCongested?: () => boolean } = {}) {
  const clock = new ManualClock();
  const source = new FakeSource();
  const batches: Array<{ at: number; events: ApiEvent[] }> = [];
  const batcher = new EventBatcher(source, (events) => batches.push({ at: clock.now(), events }), { clock, intervalMs: 16, ...options });
  const append = (sessionId: string) => batcher.notify({ type: 'appended', sessionId, seq: source.append(sessionId) });
  return { clock, source, batches, batcher, append };
}

const seqsIn = (events: ApiEvent[]) => events.flatMap((event) => (event.type === 'entries' ? event.entries.map((entry) => `${event.sessionId}#${entry.seq}`) : []));

describe('batching', () => {
  it('sends a thousand changes as one message, and at most one message per interval', () => {
    const { clock, batches, append } = setup();
    for (let i = 0; i < 1000; i++) append('s1');
    expect(batches).toHaveLength(0);
    clock.advance(0);
    expect(batches).toHaveLength(1);
    expect(batches[0].events.map((event) => event.type)).toEqual(['session', 'entries']);
    expect(seqsIn(batches[0].events)).toHaveLength(1000);

    for (let t = 0; t < 100; t++) {
      append('s1');
      clock.advance(1);
    }
    const gaps = batches.slice(1).map((batch, i) => batch.at - batches[i].at);
    expect(gaps.every((gap) => gap >= 16)).toBe(true);
    expect(batches.length).toBeLessThanOrEqual(1 + Math.ceil(100 / 16));
    clock.advance(100);
    expect(seqsIn(batches.flatMap((batch) => batch.events))).toEqual(Array.from({ length: 1100 }, (_, i) => `s1#${i + 1}`));
  });

  it('coalesces session changes: one summary per session per batch, read at flush time', () => {
    const { clock, source, batches, batcher, append } = setup();
    append('a');
    batcher.notify({ type: 'session', sessionId: 'a' });
    append('a');
    append('b');
    clock.advance(0);
    const summaries = batches[0].events.filter((event) => event.type === 'session');
    expect(summaries.map((event) => event.type === 'session' && [event.session.id, event.session.entries])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(source.logs.get('a')).toHaveLength(2);
  });

  it('keeps the latest truncation totals and reports removals last', () => {
    const { clock, batches, batcher, append } = setup();
    append('a');
    batcher.notify({ type: 'truncated', sessionId: 'a', frames: 1, evicted: 0 });
    batcher.notify({ type: 'truncated', sessionId: 'a', frames: 5, evicted: 2 });
    append('b');
    batcher.notify({ type: 'removed', sessionId: 'b' });
    clock.advance(0);
    const events = batches[0].events;
    expect(events.filter((event) => event.type === 'truncated')).toEqual([{ type: 'truncated', sessionId: 'a', frames: 5, evicted: 2 }]);
    expect(events.at(-1)).toEqual({ type: 'removed', sessionId: 'b' });
    expect(seqsIn(events)).toEqual(['a#1']);
  });

  it('caps a batch and sends the rest in the next ones', () => {
    const { clock, batches, append } = setup({ maxEntries: 100 });
    for (let i = 0; i < 250; i++) append('s1');
    clock.advance(0);
    expect(seqsIn(batches[0].events)).toHaveLength(100);
    clock.advance(16);
    clock.advance(16);
    expect(batches.map((batch) => seqsIn(batch.events).length)).toEqual([100, 100, 50]);
  });

  it('waits while the transport is congested, holding counters rather than copies', () => {
    let congested = true;
    const { clock, batches, append } = setup({ isCongested: () => congested });
    for (let i = 0; i < 10; i++) append('s1');
    clock.advance(100);
    expect(batches).toHaveLength(0);
    congested = false;
    clock.advance(16);
    expect(batches).toHaveLength(1);
    expect(seqsIn(batches[0].events)).toHaveLength(10);
  });

  it('sends nothing after close', () => {
    const { clock, batches, batcher, append } = setup();
    append('s1');
    batcher.close();
    clock.advance(100);
    expect(batches).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });
});
