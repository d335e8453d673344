/** How long to wait for an animation frame before running anyway (a hidden page gets none). */
const HIDDEN_PAGE_MS = 250;

/**
 * A function that runs `run` in an animation frame, at most once per frame and, for
 * changes that are not urgent, at most once per `intervalMs`. Under a flood the rows
 * arriving are then drawn about ten times a second rather than sixty (nobody reads
 * 50,000 rows a second; everybody feels a busy main thread), while a lone message, a
 * click or a new filter is drawn in the next frame.
 */
export function publishSchedule(run: () => void, intervalMs: number): (urgent: boolean) => void {
  let frameRequested = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const fire = () => {
    if (!frameRequested) return;
    frameRequested = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    last = performance.now();
    run();
  };
  const inNextFrame = () => {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(fire);
    setTimeout(fire, HIDDEN_PAGE_MS);
  };
  return (urgent) => {
    if (frameRequested) return;
    const wait = last + intervalMs - performance.now();
    if (urgent || wait <= 0) inNextFrame();
    else timer ??= setTimeout(() => {
      timer = null;
      inNextFrame();
    }, wait);
  };
}
