// A local flood of 50,000 frames in a second: the timeline takes every one of them while
// the page stays usable. Long tasks (PerformanceObserver) stay under 100 ms, and a row
// clicked mid-flood shows in the inspector at once. (npm run bench:ui measures the full
// million-frame run; this is its quick, always-on guard.)
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness';
import { peerOfPage, rowCount } from './peer';

const FRAMES = 50_000;
const RATE = 50_000;

const wsb = useWorkbench();

describe('a flood of 50,000 frames a second', () => {
  it('reaches the timeline whole, with no main-thread task over 100 ms', { timeout: 60_000 }, async () => {
    const page = await wsb.page();
    await page.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    });
    const ws = await peerOfPage(page);
    const before = await rowCount(page);

    const started = performance.now();
    for (let sent = 0; sent < FRAMES; ) {
      const due = Math.min(FRAMES, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (sent < due) ws.sendText(`{"n":${sent++},"type":"tick"}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    // Mid-flood (the timeline is still catching up), a click on a row selects it, stops
    // the rows from moving under the pointer, and shows it in the inspector at once.
    // Timed in the page: Playwright's own click waits for a row to stop moving first.
    const { seq, shown, elapsed } = await page.evaluate(async () => {
      const row = document.querySelectorAll<HTMLElement>('[role=grid][aria-label=Timeline] [role=row][data-index]')[5];
      const clickedSeq = row.querySelector('[role=gridcell]')?.textContent ?? '';
      const clicked = performance.now();
      row.querySelector<HTMLElement>('.c-preview')?.click();
      const heading = () => document.querySelector('[aria-label="Frame inspector"] h2')?.textContent ?? '';
      while (heading() !== `Frame ${clickedSeq}` && performance.now() - clicked < 2_000) await new Promise((resolve) => requestAnimationFrame(resolve));
      return { seq: clickedSeq, shown: heading(), elapsed: performance.now() - clicked };
    });
    expect(shown).toBe(`Frame ${seq}`);
    expect(elapsed).toBeLessThan(250);
    expect(await page.getByRole('button', { name: 'Pause auto-scroll' }).getAttribute('aria-pressed')).toBe('true');

    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(before + FRAMES);
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    expect(longest).toBeLessThan(100);
  });
});
