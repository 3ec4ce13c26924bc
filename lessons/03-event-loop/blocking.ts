// What CPU work does to the loop: while JavaScript runs, no timer fires and no
// socket is read. We measure it three ways: Node's own event-loop delay
// histogram, the lateness of a 10 ms interval, and the latency of a request.
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
  /** The worst delay `monitorEventLoopDelay` saw, beyond its 10 ms step. */
  maxDelayMs: number;
  /** The latest a 10 ms interval fired, compared with when it was due. */
  worstTimerLateMs: number;
}

const INTERVAL_MS = 10;
// Ticks of the interval to let pass before and after the block.
const SETTLE_TICKS = 3;

// #region loop-delay
/** Block the loop for `blockMs` while a 10 ms interval tries to tick. */
export function measureLoopDelay(blockMs: number): Promise<LoopDelayReport> {
  const histogram = monitorEventLoopDelay({ resolution: INTERVAL_MS });
  const { promise, resolve } = Promise.withResolvers<LoopDelayReport>();
  let ticks = 0;
  let worstTimerLateMs = 0;
  let due = performance.now() + INTERVAL_MS;
  histogram.enable();
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
      // The histogram records nanoseconds between its own samples, taken
      // every `INTERVAL_MS`: the delay is what comes on top of that.
      const maxDelayMs = Math.max(0, histogram.max / 1e6 - INTERVAL_MS);
      resolve({ maxDelayMs, worstTimerLateMs });
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
