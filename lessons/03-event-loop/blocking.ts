// What CPU work does to the loop: while JavaScript runs, no timer fires and no
// socket is read. We measure it three ways: the gaps between the runs of the
// sampling timer of `monitorEventLoopDelay`, the lateness of a 10 ms
// interval of our own, and the latency of a request.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fetchText } from "./fetch-text.ts";

// #region busy-wait
/** Keep the thread busy for `ms` milliseconds: a stand-in for CPU work. */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spin: nothing else in this process can run meanwhile.
  }
}
// #endregion busy-wait

export interface LoopDelayReport {
  /**
   * The shortest and the longest time between two runs of the sampling
   * timer that `monitorEventLoopDelay` starts: the gaps it records.
   */
  minGapMs: number;
  maxGapMs: number;
  /** The latest our 10 ms interval fired, compared with when it was due. */
  worstTimerLateMs: number;
}

const INTERVAL_MS = 10;
// Ticks of the interval to let pass before and after the block.
const SETTLE_TICKS = 3;

// #region loop-delay
/** Block the loop for `blockMs` while two 10 ms timers try to run. */
export function measureLoopDelay(blockMs: number): Promise<LoopDelayReport> {
  // Node's witness: a timer of its own, every `resolution` ms. Each time it
  // runs, it records how long it has been since it last ran.
  const histogram = monitorEventLoopDelay({ resolution: INTERVAL_MS });
  const { promise, resolve } = Promise.withResolvers<LoopDelayReport>();
  let ticks = 0;
  let worstTimerLateMs = 0;
  let due = performance.now() + INTERVAL_MS;
  histogram.enable();
  // Our own witness: an interval that notes how late each run came.
  const interval = setInterval(() => {
    const now = performance.now();
    worstTimerLateMs = Math.max(worstTimerLateMs, now - due);
    due = now + INTERVAL_MS;
    ticks += 1;
    // A few calm ticks first, then the block, then a few ticks to notice it.
    if (ticks === SETTLE_TICKS) busyWait(blockMs);
    if (ticks === 2 * SETTLE_TICKS) {
      clearInterval(interval);
      histogram.disable();
      // The histogram holds nanoseconds: gaps, not lateness. A calm gap is
      // the resolution itself; a gap longer than that is how late it ran.
      resolve({
        minGapMs: histogram.min / 1e6,
        maxGapMs: histogram.max / 1e6,
        worstTimerLateMs,
      });
    }
  }, INTERVAL_MS);
  return promise;
}
// #endregion loop-delay

// #region latency
/** How long a GET of `url` takes if the loop is blocked for `blockMs`. */
export async function latencyWhileBlocked(
  url: string,
  blockMs: number,
): Promise<number> {
  const start = performance.now();
  const response = fetchText(url);
  // Some other code hogs the thread once the request is under way. The
  // request's socket callbacks have to wait until it is done.
  if (blockMs > 0) setImmediate(() => busyWait(blockMs));
  await response;
  return performance.now() - start;
}
// #endregion latency
