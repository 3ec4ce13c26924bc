// Latencies in an HDR histogram: every request's latency is counted in a
// bucket at most 0.1 % wide, so a million of them take the same 93 KiB of
// counts as one, and p99.9 is read from the counts, not a sorted array.
import * as hdr from "hdr-histogram-js";

export type Histogram = hdr.Histogram;

/** A histogram of microseconds, from 1 µs up to an hour, 3 digits. */
export function latencyHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    // The plain JavaScript version: the WebAssembly one must be loaded
    // first and is not faster for one value at a time.
    useWebAssembly: false,
  });
}

/** Records one latency given in milliseconds. */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export interface LatencySummary {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** Rounds to 0.01 ms, which is all a histogram of 3 digits can tell. */
function ms(microseconds: number): number {
  return Math.round(microseconds / 10) / 100;
}

export function summarize(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) {
    return { p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0, meanMs: 0 };
  }
  return {
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    p999Ms: ms(histogram.getValueAtPercentile(99.9)),
    maxMs: ms(histogram.maxValue),
    meanMs: ms(histogram.mean),
  };
}
