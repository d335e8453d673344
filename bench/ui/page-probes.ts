// Runs in the page (as an init script, before the app): what the benchmark reads back.
// Long tasks come from PerformanceObserver; a requestAnimationFrame loop measures the
// gaps between frames, which also catches long stretches that are not one task.

export interface PageProbes {
  longTasks: number[];
  frameGaps: number[];
  reset(): void;
}

declare global {
  interface Window {
    __probes: PageProbes;
  }
}

/** Installed with page.addInitScript(installProbes): serialised, so it must not close over anything. */
export function installProbes(): void {
  const probes: PageProbes = {
    longTasks: [],
    frameGaps: [],
    reset() {
      this.longTasks.length = 0;
      this.frameGaps.length = 0;
    },
  };
  window.__probes = probes;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probes.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const tick = (now: number) => {
    probes.frameGaps.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
