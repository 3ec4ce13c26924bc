// Helpers for this lesson's tests: count the timers the process holds, and
// wait (bounded) for a condition the event loop will make true shortly.

/** Timers (`setTimeout`, `setInterval`) that are keeping the process alive. */
export function activeTimers(): number {
  return process
    .getActiveResourcesInfo()
    .filter((resource) => resource === "Timeout").length;
}

/**
 * Poll `read` every 10 ms until `done` holds for its value or `limitMs`
 * has passed; resolve with the last value read either way.
 */
export async function until<T>(
  read: () => T,
  done: (value: T) => boolean,
  limitMs = 1000,
): Promise<T> {
  const giveUpAt = performance.now() + limitMs;
  let value = read();
  while (!done(value) && performance.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = read();
  }
  return value;
}

/** Settle `work` and time it: the value or the error, and the ms it took. */
export async function timed<T>(work: Promise<T>) {
  const start = performance.now();
  const settled = await work.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...settled, ms: performance.now() - start };
}
