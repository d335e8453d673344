import { useEffect } from 'react';
import { useWorkbench } from '../../app/store-context';

const REFRESH_MS = 2000;

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The captures' memory against the configured bound, refreshed every two seconds. */
export function MemoryMeter() {
  const stats = useWorkbench((state) => state.captureStats);
  const refreshStats = useWorkbench((state) => state.refreshStats);
  useEffect(() => {
    void refreshStats();
    const timer = setInterval(() => void refreshStats(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refreshStats]);
  if (!stats) return null;
  return (
    <span className="memory" title={`host heap ${mebibytes(stats.heapUsedBytes)} MiB, resident ${mebibytes(stats.rssBytes)} MiB`}>
      Capture memory: {mebibytes(stats.usedBytes)} of {mebibytes(stats.limitBytes)} MiB
    </span>
  );
}
