// Helpers for the services tests: a workbench whose sessions are all closed after the
// test, its API as the renderer calls it, temporary folders, bounded waits, and a manual
// clock for the batcher.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ApiEvent, MethodArgs, MethodName, MethodResults, Settings } from '../../shared/api';
import type { CaptureEntry, FrameEntry, LifecycleEntry } from '../../shared/capture';
import type { Clock } from '../../electron/services/clock';
import { createApiHandler } from '../../electron/services/api-handlers';
import { Workbench } from '../../electron/services/workbench';

export const HOST = '127.0.0.1';

/** A workbench disposed of (every server stopped, every connection dropped) when the test ends. */
export function startWorkbench(settings: Partial<Settings> = {}): Workbench {
  const workbench = new Workbench(settings);
  onTestFinished(() => workbench.dispose());
  return workbench;
}

/** The workbench's API as the renderer calls it: the result, or the error's sentence thrown. */
export function apiOf(workbench: Workbench): <M extends MethodName>(method: M, args: MethodArgs<M>) => Promise<MethodResults[M]> {
  const api = createApiHandler(workbench);
  return async (method, args) => {
    const response = await api.handle(method, args);
    if (!response.ok) throw new Error(response.error.message);
    return response.result as MethodResults[typeof method];
  };
}

/** A fresh folder under the system's temporary one, removed when the test ends. */
export function temporaryFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wsb-test-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Poll `condition` until it holds; fail with `what` after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function frames(entries: CaptureEntry[]): FrameEntry[] {
  return entries.filter((entry): entry is FrameEntry => entry.kind === 'frame');
}

export function lifecycle(entries: CaptureEntry[]): LifecycleEntry[] {
  return entries.filter((entry): entry is LifecycleEntry => entry.kind === 'event');
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function decode(preview: string): string {
  return Buffer.from(preview, 'base64').toString('utf8');
}

/** Every event batch a subscriber receives, with the time it arrived. */
export function recordBatches(workbench: Workbench): { batches: Array<{ at: number; events: ApiEvent[] }>; all: () => ApiEvent[] } {
  const batches: Array<{ at: number; events: ApiEvent[] }> = [];
  const unsubscribe = workbench.subscribe((events) => batches.push({ at: performance.now(), events }));
  onTestFinished(unsubscribe);
  return { batches, all: () => batches.flatMap((batch) => batch.events) };
}

/** A clock that only moves when the test says so. */
export class ManualClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Move time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.run();
    }
    this.time = end;
  }
}
