// A timer as a witness: it can only tick when the event loop is free.

/** What the timer saw while the work was going on. */
export interface TimerReport<T> {
  value: T;
  /** How long the work took. */
  ms: number;
  /** How often the timer ran its callback meanwhile. */
  ticks: number;
  /** The longest stretch without a tick, in milliseconds. */
  longestSilenceMs: number;
}

// #region watch-timer
/** Run `work` while a timer tries to tick every `intervalMs`. */
export async function watchTimer<T>(
  work: () => T | Promise<T>,
  intervalMs = 100,
): Promise<TimerReport<T>> {
  const start = performance.now();
  let lastTick = start;
  let ticks = 0;
  let longestSilenceMs = 0;
  // The callback can only run when no other JavaScript is running: each
  // tick is proof that the event loop was free at that moment.
  const timer = setInterval(() => {
    const now = performance.now();
    longestSilenceMs = Math.max(longestSilenceMs, now - lastTick);
    lastTick = now;
    ticks += 1;
  }, intervalMs);
  try {
    const value = await work();
    const end = performance.now();
    longestSilenceMs = Math.max(longestSilenceMs, end - lastTick);
    return { value, ms: end - start, ticks, longestSilenceMs };
  } finally {
    clearInterval(timer);
  }
}
// #endregion
