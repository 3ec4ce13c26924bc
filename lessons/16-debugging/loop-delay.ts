// How late the event loop is, with `monitorEventLoopDelay`: Node runs a
// timer of its own every `resolution` ms and records in a histogram how long
// each tick took to come. A loop blocked for 300 ms makes one tick 300 ms
// late, and the histogram learns of it when that tick comes: after the block.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface LoopDelayReport {
  /** [ms since `origin`, worst delay seen so far in ms] pairs. */
  points: [number, number][];
  /** The worst delay of the whole run, in milliseconds. */
  maxMs: number;
  /** The 99th percentile of the whole run, in milliseconds. */
  p99Ms: number;
}

export interface LoopDelaySampler {
  stop(): LoopDelayReport;
}

const NS_PER_MS = 1e6;

// #region sample
/** Watch the loop's delay, noting the worst so far every `everyMs`; the
 * times of the notes count from `origin` (a `performance.now()`). */
export function sampleLoopDelay(
  everyMs = 20,
  origin = performance.now(),
): LoopDelaySampler {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const points: [number, number][] = [];
  const sample = () => {
    const at = Math.round(performance.now() - origin);
    points.push([at, Math.round(histogram.max / NS_PER_MS)]);
  };
  // Never `reset()` between samples: a reset forgets when the last tick
  // came, and with it a block that is still going on. `unref()`: sampling
  // must not keep alive a program that would end.
  const timer = setInterval(sample, everyMs).unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      histogram.disable();
      return {
        points,
        maxMs: histogram.max / NS_PER_MS,
        p99Ms: histogram.percentile(99) / NS_PER_MS,
      };
    },
  };
}
// #endregion
