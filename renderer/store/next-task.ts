let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/**
 * Resolve in a new task, so that input, rendering and the event batches run in between.
 * A message port, not setTimeout: nested timeouts are clamped to 4 ms each.
 */
export function nextTask(): Promise<void> {
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
