const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Local wall-clock time to the millisecond, from an entry's microseconds since the epoch. */
export function clockTime(micros: number): string {
  const date = new Date(micros / 1000);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The full timestamp, microseconds included, for a tooltip and the inspector. */
export function fullTime(micros: number): string {
  const date = new Date(micros / 1000);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${clockTime(micros)}${pad(Math.floor(micros % 1000), 3)}`;
}

/** The time since the previous row: "+85 µs", "+1.24 ms", "+3.5 s", "+2 min". */
export function delta(micros: number): string {
  if (micros < 1000) return `+${Math.round(micros)} µs`;
  if (micros < 1_000_000) return `+${(micros / 1000).toFixed(micros < 10_000 ? 2 : 1)} ms`;
  if (micros < 60_000_000) return `+${(micros / 1_000_000).toFixed(micros < 10_000_000 ? 2 : 1)} s`;
  return `+${Math.round(micros / 60_000_000)} min`;
}
