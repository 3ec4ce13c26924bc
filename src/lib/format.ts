// How durations appear in lesson output. One format everywhere, so recorded
// output can be compared across runs with the durations masked.

/**
 * 1234.5 -> "1.23 s"; 12.3 -> "12 ms"; 0.42 -> "0.42 ms". The unit follows
 * the rounded value, so 999.7 is "1.00 s" (never "1000 ms") and 9.999 is
 * "10 ms" (never "10.00 ms").
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
  if (Math.round(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (Number(ms.toFixed(2)) >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Matches every duration `formatMs` can produce. */
export const DURATION_PATTERN = /\b\d+(?:\.\d+)? (?:ms|s)\b/g;

/** Replace each duration with a placeholder, for comparing runs. */
export function maskDurations(line: string): string {
  return line.replace(DURATION_PATTERN, "<duration>");
}
