// The original Python tutorial's first program, twice: five hellos that
// each wait one second, with a sleep that blocks and with one that is
// awaited. Each hello reports how long after the start it came.
import { setTimeout as sleep } from "node:timers/promises";

// #region sleep-blocking
/** Block the thread for `ms`, like Python's `time.sleep`: nothing else in
 * this process runs meanwhile. */
export function sleepBlocking(ms: number): void {
  // `Atomics.wait` puts the thread to sleep until the value at index 0
  // changes, which here it never does, or until `ms` have passed.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
// #endregion

// #region blocking
/** Five hellos in a row, each after a blocking sleep of `waitMs`. */
export function hellosBlocking(
  count: number,
  waitMs: number,
  onHello: (afterMs: number) => void,
): void {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    sleepBlocking(waitMs);
    onHello(performance.now() - start);
  }
}
// #endregion

// #region awaited
/** Five hellos at once, each after an awaited sleep of `waitMs`. */
export async function hellosAwaited(
  count: number,
  waitMs: number,
  onHello: (afterMs: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const start = performance.now();
  async function hello(): Promise<void> {
    // Each sleep only sets a timer and suspends this call of `hello`, so
    // all five timers run down together.
    await sleep(waitMs, undefined, signal ? { signal } : {});
    onHello(performance.now() - start);
  }
  // Start all five, then wait until every one has finished.
  await Promise.all(Array.from({ length: count }, () => hello()));
}
// #endregion
