/** Small statistics for the report. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function max(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
