// `npm run bench:ui`: the timeline under a flood, measured in Chromium as a user sees it.
// Starts `wsb web`, opens the page, starts a local server through the page (echo off),
// floods it from an in-process client at a target of 50,000 frames a second (5 s, then on
// to 1,000,000 frames), and reports: the ingest rate (frames a second reaching the
// timeline's row count), the longest main-thread task and frame gap during the flood,
// scrolling, selecting and filtering at a million rows, and the page's memory.
// Options: --frames N (default 1000000), --rate N (default 50000), --capture-memory BYTES
// (default 1.5 GiB: enough for the host to hold a million entries until the page has them;
// with the 256 MiB default the oldest are evicted first and the timeline says so).
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { connect } from '../../electron/transport/client';
import { CHROMIUM_ARGS, startWsbWeb, stopWsbWeb } from '../../test/e2e/harness';
import { appDriver } from './app-driver';
import { flood, floodMessage } from './flood';
import { installProbes } from './page-probes';
import { applyFilter, scrollJumps, selectRows, summary, wheelScroll } from './responsiveness';
import { max, ms, percentile, thousands } from './stats';

const FIRST_PHASE_MS = 5_000;
const SAMPLE_MS = 250;

const { values } = parseArgs({
  options: { frames: { type: 'string', default: '1000000' }, rate: { type: 'string', default: '50000' }, 'capture-memory': { type: 'string', default: String(1.5 * 1024 ** 3) } },
});
const totalFrames = Number(values.frames);
const rate = Number(values.rate);

const web = await startWsbWeb(['--capture-memory', values['capture-memory']]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.addInitScript(installProbes);
  await page.goto(web.url);
  const app = appDriver(page);
  const serverUrl = await app.startServer();
  const ws = connect(serverUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('failure', reject);
  });
  await app.selectClient();
  const baseRows = await app.rowCount();
  console.error(`# flooding ${serverUrl} with ${thousands(totalFrames)} frames at ${thousands(rate)}/s`);

  // The flood: rows reaching the timeline, sampled as it goes.
  await page.evaluate(() => window.__probes.reset());
  const samples: { at: number; sent: number; rows: number }[] = [];
  const started = performance.now();
  let sampling = true;
  let progress = 0;
  const sampler = (async () => {
    while (sampling) {
      samples.push({ at: performance.now() - started, sent: progress, rows: (await app.rowCount()) - baseRows });
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const firstPhase = Math.min(totalFrames, Math.round((rate * FIRST_PHASE_MS) / 1000));
  const phase1 = await flood(ws, 0, firstPhase, rate, (p) => (progress = p.sent));
  const rowsAfterPhase1 = (await app.rowCount()) - baseRows;
  const phase2 = await flood(ws, firstPhase, totalFrames - firstPhase, rate, (p) => (progress = firstPhase + p.sent));
  const sendMs = phase1.elapsedMs + phase2.elapsedMs;
  // Until the timeline holds every frame (or stops growing: the memory bound may have evicted some before they were sent).
  let last = -1;
  let stable = 0;
  for (;;) {
    const rows = (await app.rowCount()) - baseRows;
    if (rows >= totalFrames) break;
    stable = rows === last ? stable + 1 : 0;
    if (stable > 20) break;
    last = rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const caughtUpMs = performance.now() - started;
  sampling = false;
  await sampler;
  const finalRows = (await app.rowCount()) - baseRows;
  const flood1 = await page.evaluate(() => ({ longTasks: window.__probes.longTasks, frameGaps: window.__probes.frameGaps }));

  // At a million rows.
  const memoryBefore = await pageMemory(page);
  const jumps = await scrollJumps(page, 30);
  const wheel = await wheelScroll(page);
  const selects = await selectRows(page, 20);
  const target = Math.floor(totalFrames * 0.7);
  const textFilter = await applyFilter(page, () => app.filter.fill(floodMessage(target).slice(0, floodMessage(target).indexOf(',') + 1)));
  const regexFilter = await applyFilter(page, async () => {
    await page.getByRole('button', { name: 'Regular expression' }).click();
    await app.filter.fill('"n":4242\\d{2},');
  });
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await app.filter.fill('');
  const directionFilter = await applyFilter(page, () => page.getByRole('combobox', { name: 'Direction' }).selectOption('in').then(() => undefined));
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('all');
  const cleared = await applyFilter(page, async () => undefined);
  const memory = await pageMemory(page);
  ws.terminate();

  const ingest = (rows: number, at: number) => (rows / at) * 1000;
  const phase1Sample = samples.filter((sample) => sample.at <= phase1.elapsedMs + SAMPLE_MS).at(-1);
  console.log(`
WS Workbench UI benchmark (Chromium ${browser.version()}, ${thousands(totalFrames)} frames of ~${floodMessage(1).length} B, target ${thousands(rate)}/s)

Flood
  sent                         ${thousands(totalFrames)} frames in ${ms(sendMs)} (${thousands(ingest(totalFrames, sendMs))}/s achieved by the sender)
  first ${FIRST_PHASE_MS / 1000} s: rows in timeline  ${thousands(rowsAfterPhase1)} of ${thousands(phase1.sent)} sent (${thousands(ingest(phase1Sample?.rows ?? rowsAfterPhase1, phase1Sample?.at ?? phase1.elapsedMs))} rows/s)
  all: rows in timeline        ${thousands(finalRows)} after ${ms(caughtUpMs)} (${thousands(ingest(finalRows, caughtUpMs))} rows/s overall)
  longest main-thread task     ${ms(max(flood1.longTasks))} (${flood1.longTasks.length} tasks over 50 ms)
  frame gaps (rAF)             p50 ${ms(percentile(flood1.frameGaps, 50))}, p99 ${ms(percentile(flood1.frameGaps, 99))}, max ${ms(max(flood1.frameGaps))}

At ${thousands(finalRows)} rows
  scroll jumps (30)            ${summary(jumps)}
  wheel scrolling (2 s)        frame gaps ${summary(wheel)}
  select a row (20)            ${summary(selects)}
  text filter                  ${ms(textFilter.samples[0])} to ${thousands(textFilter.shown)} rows; longest task ${ms(textFilter.longestTask)}
  regex filter                 ${ms(regexFilter.samples[0])} to ${thousands(regexFilter.shown)} rows; longest task ${ms(regexFilter.longestTask)}
  direction filter             ${ms(directionFilter.samples[0])} to ${thousands(directionFilter.shown)} rows; longest task ${ms(directionFilter.longestTask)}
  filters cleared              ${ms(cleared.samples[0])} to ${thousands(cleared.shown)} rows

Page memory
  after the flood              ${memoryBefore}
  after the measurements       ${memory}
`);
} finally {
  await browser.close();
  await stopWsbWeb(web);
}

/**
 * The page's memory after a full collection (CDP): the JS heap, and the typed arrays'
 * backing stores outside it, where the timeline keeps its rows.
 */
async function pageMemory(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number; backingStorageSize?: number };
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const nodes = metrics.find((entry) => entry.name === 'Nodes')?.value ?? 0;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  return `JS heap ${mib(usage.usedSize)} + array buffers ${mib(usage.backingStorageSize ?? 0)}, ${thousands(nodes)} DOM nodes`;
}
