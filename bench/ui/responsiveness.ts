import type { Page } from 'playwright-core';
import { appDriver } from './app-driver';
import { max, percentile } from './stats';

export interface Timings {
  samples: number[];
  /** The longest task and the longest gap between frames while they were taken. */
  longestTask: number;
  longestFrameGap: number;
}

async function probed(page: Page, run: () => Promise<number[]>): Promise<Timings> {
  await page.evaluate(() => window.__probes.reset());
  const samples = await run();
  const { longTasks, frameGaps } = await page.evaluate(() => ({ longTasks: window.__probes.longTasks, frameGaps: window.__probes.frameGaps }));
  return { samples, longestTask: max(longTasks), longestFrameGap: max(frameGaps) };
}

/** Jumps to random places in the timeline: from setting scrollTop to the frame that shows the rows there. */
export function scrollJumps(page: Page, count: number): Promise<Timings> {
  return probed(page, () =>
    page.evaluate(async (jumps) => {
      const scroller = document.querySelector<HTMLElement>('[role=grid][aria-label=Timeline] [role=rowgroup]:last-child');
      if (!scroller) throw new Error('no timeline rows');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const times: number[] = [];
      for (let i = 0; i < jumps; i++) {
        await frame();
        const before = scroller.querySelector('[role=row]')?.getAttribute('aria-rowindex');
        const started = performance.now();
        scroller.scrollTop = Math.random() * (scroller.scrollHeight - scroller.clientHeight);
        // The scroll event, React's render, then the frame that paints it.
        while (scroller.querySelector('[role=row]')?.getAttribute('aria-rowindex') === before) await frame();
        await frame();
        times.push(performance.now() - started);
      }
      return times;
    }, count),
  );
}

/** Wheel scrolling through the rows for about two seconds, as a user would: the gaps between frames say how smooth it was. */
export async function wheelScroll(page: Page): Promise<Timings> {
  const box = await appDriver(page).timeline.boundingBox();
  if (!box) throw new Error('the timeline is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return probed(page, async () => {
    for (let i = 0; i < 120; i++) {
      await page.mouse.wheel(0, i < 60 ? -400 : 400);
      await page.waitForTimeout(16);
    }
    return page.evaluate(() => window.__probes.frameGaps.slice(1));
  });
}

/** Clicks on rows in view: from the click to the frame that shows the inspector on that row. */
export function selectRows(page: Page, count: number): Promise<Timings> {
  return probed(page, () =>
    page.evaluate(async (clicks) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const times: number[] = [];
      for (let i = 0; i < clicks; i++) {
        const rows = [...document.querySelectorAll<HTMLElement>('[role=grid][aria-label=Timeline] [role=row][data-index]')];
        const row = rows[Math.floor(rows.length / 2) + (i % 5) - 2];
        const seq = row.querySelector('[role=gridcell]')?.textContent ?? '';
        const started = performance.now();
        row.querySelector<HTMLElement>('.c-preview')?.click();
        while (!document.querySelector('[aria-label="Frame inspector"] h2')?.textContent?.includes(`Frame ${seq}`)) await frame();
        await frame();
        times.push(performance.now() - started);
      }
      return times;
    }, count),
  );
}

/** Type a filter and wait until the timeline shows its result (the grid is aria-busy while it filters): the time, and the rows found. */
export async function applyFilter(page: Page, apply: () => Promise<void>): Promise<Timings & { shown: number }> {
  const app = appDriver(page);
  let shown = 0;
  const timings = await probed(page, async () => {
    const started = performance.now();
    await apply();
    await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      // The filter reaches the view in an effect after the input's render.
      await frame();
      await frame();
      while (document.querySelector('[role=grid][aria-label=Timeline]')?.getAttribute('aria-busy') === 'true') await frame();
    });
    const elapsed = performance.now() - started;
    shown = await app.rowCount();
    return [elapsed];
  });
  return { ...timings, shown };
}

export function summary(timings: Timings): string {
  return `p50 ${percentile(timings.samples, 50).toFixed(1)} ms, p95 ${percentile(timings.samples, 95).toFixed(1)} ms, max ${max(timings.samples).toFixed(1)} ms; longest task ${timings.longestTask.toFixed(0)} ms, longest frame gap ${timings.longestFrameGap.toFixed(0)} ms`;
}
