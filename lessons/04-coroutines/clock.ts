// "Hello clock": two coroutines that tick at their own pace on one thread.
import { setTimeout as sleep } from "node:timers/promises";

export interface Tick {
  clock: string;
  /** 1 for the clock's first tick, 2 for its second, and so on. */
  count: number;
}

// #region clock
/**
 * Call `onTick` every `everyMs` until `signal` aborts, and resolve with the
 * number of ticks. The first tick comes `firstAfterMs` after the start.
 */
export async function runClock(
  clock: string,
  everyMs: number,
  signal: AbortSignal,
  onTick: (tick: Tick) => void,
  firstAfterMs = everyMs,
): Promise<number> {
  const start = performance.now();
  let count = 0;
  while (!signal.aborted) {
    // Each tick is due at a fixed time from the start, so a late tick does
    // not push all the later ones back: the next sleep is just shorter.
    const due = start + firstAfterMs + count * everyMs;
    try {
      await sleep(Math.max(0, due - performance.now()), undefined, { signal });
    } catch (error) {
      // The abort rejects the sleep: that is how the clock is stopped.
      if (signal.aborted) break;
      throw error;
    }
    count += 1;
    onTick({ clock, count });
  }
  return count;
}
// #endregion

export interface HelloClockOptions {
  secondMs: number;
  minuteMs: number;
  stopAfterMs: number;
  onTick: (tick: Tick) => void;
  /** Stop early, e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

// #region hello-clock
/** Run a "second" and a "minute" clock together until `stopAfterMs`. */
export async function helloClock(options: HelloClockOptions) {
  const { secondMs, minuteMs, stopAfterMs, onTick } = options;
  const stop = AbortSignal.any([
    AbortSignal.timeout(stopAfterMs),
    ...(options.signal ? [options.signal] : []),
  ]);
  // Two timers due in the same millisecond may run in either order, so the
  // minute clock ticks a quarter of a second later than a whole minute: the
  // printed order is then the same on every run.
  const minuteOffsetMs = minuteMs + secondMs / 4;
  const [seconds, minutes] = await Promise.all([
    runClock("second", secondMs, stop, onTick),
    runClock("minute", minuteMs, stop, onTick, minuteOffsetMs),
  ]);
  return { seconds, minutes };
}
// #endregion
