// How durations appear in lesson output. One format everywhere, so recorded
// output can be compared across runs with the durations masked.

/** 1234.5 -> "1.23 s"; 12.3 -> "12 ms"; 0.42 -> "0.42 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Matches every duration `formatMs` can produce. */
export const DURATION_PATTERN = /\b\d+(?:\.\d+)? (?:ms|s)\b/g;

/** Replace each duration with a placeholder, for comparing runs. */
export function maskDurations(line: string): string {
  return line.replace(DURATION_PATTERN, "<duration>");
}
