// Helpers for this lesson's tests: count the timers the process holds, and
// wait (bounded) for a condition the event loop will make true shortly.
import { createHook } from "node:async_hooks";

/**
 * Watches for timers of `ms` milliseconds (rounded): `live()` is how many are
 * set and not yet cleared or fired. Unlike a count of every timer, other
 * code's timers (the server's, undici's) cannot move it. It reads Node's
 * own `_idleTimeout` field, which is not a public API: fine for a test.
 */
export function watchTimersOf(ms: number): {
  live: () => number;
  stop: () => void;
} {
  const ids = new Set<number>();
  const hook = createHook({
    init(id, type, _trigger, resource: { _idleTimeout?: number }) {
      // Node keeps a delay's fraction (a jittered 29,999.99... ms, say).
      const delay = Math.round(resource._idleTimeout ?? -1);
      if (type === "Timeout" && delay === ms) ids.add(id);
    },
    destroy(id) {
      ids.delete(id);
    },
  }).enable();
  return { live: () => ids.size, stop: () => hook.disable() };
}

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
