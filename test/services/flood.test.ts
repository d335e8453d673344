// A flood of 100,000 frames from a local server: the UI gets it in batches (at most about
// 60 a second), the captures never count more than the configured bound, and what the
// bound gave up is reported, not hidden.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { HOST, recordBatches, startWorkbench, until } from './helpers';

const BOUND = 4 * 1024 * 1024;
const FRAMES = 100_000;

describe('a flood of 100,000 frames', () => {
  it('reaches the subscriber in batches within the memory bound', { timeout: 60_000 }, async () => {
    const workbench = startWorkbench({ captureMemoryBytes: BOUND });
    const { batches, all } = recordBatches(workbench);
    let peak = 0;
    const lastSeen = new Map<string, number>();
    const watch = (events: ApiEvent[] = []) => {
      peak = Math.max(peak, workbench.captures.usedBytes);
      for (const event of events) if (event.type === 'entries') lastSeen.set(event.sessionId, event.entries.at(-1)?.seq ?? 0);
    };
    workbench.subscribe(watch);

    const server = await workbench.sessions.startServer({ host: HOST, port: 0, echo: false });
    const { id: client } = workbench.sessions.connect({ url: `${server.label}/` });
    await until(() => workbench.summary(client)?.state === 'open', 'the client open');

    const payload = Buffer.alloc(200, 0x61);
    const started = performance.now();
    for (let sent = 0; sent < FRAMES; sent += 1000) {
      for (let i = 0; i < 1000; i++) workbench.sessions.broadcast(server.id, 'binary', payload);
      watch();
      await nextTurn();
    }
    const expected = () => workbench.summary(client)?.entries ?? 0;
    await until(() => expected() >= FRAMES + 3, 'every frame at the client', 30_000);
    const lastSeq = expected();
    await until(() => lastSeen.get(client) === lastSeq, 'the last entry in a batch', 5_000);
    const elapsed = performance.now() - started;

    expect(peak).toBeLessThanOrEqual(BOUND);
    expect(workbench.captures.usedBytes).toBeLessThanOrEqual(BOUND);

    // Batches: one message each, never closer than the interval (timers may fire a millisecond early).
    const gaps = batches.slice(1).map((batch, i) => batch.at - batches[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(14);
    expect(batches.length).toBeLessThanOrEqual(elapsed / 15 + 5);

    // What the bound gave up is said: the subscriber's latest totals for the client are the
    // capture's (the other side's frames may still evict the client's oldest entries after its last one).
    const summary = () => workbench.summary(client);
    const latest = () => all().findLast((event): event is Extract<ApiEvent, { type: 'truncated' }> => event.type === 'truncated' && event.sessionId === client);
    await until(() => latest()?.evicted === summary()?.evicted && latest()?.frames === summary()?.truncated, 'the latest truncation totals', 5_000);
    expect(summary()?.evicted).toBeGreaterThan(0);
    const kept = workbench.entries(client, 1, 1_000_000);
    expect(kept[0].seq).toBe((summary()?.evicted ?? 0) + 1);
    expect(kept.at(-1)?.seq).toBe(lastSeq);
  });
});
