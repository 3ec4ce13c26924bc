// Watching promises settle without sleeping, for the queue's tests and the
// exercise check: whether a waiter was woken is a matter of which callbacks
// have run, not of how much time has passed.
import { setImmediate as nextTurn } from "node:timers/promises";

export { nextTurn };

export interface Watched<T> {
  state(): "pending" | "resolved" | "rejected";
  value(): T | undefined;
  reason(): unknown;
}

/** Follow `promise`: `state()` says how it stands right now. */
export function watch<T>(promise: Promise<T>): Watched<T> {
  let state: "pending" | "resolved" | "rejected" = "pending";
  let value: T | undefined;
  let reason: unknown;
  promise.then(
    (v) => {
      state = "resolved";
      value = v;
    },
    (r: unknown) => {
      state = "rejected";
      reason = r;
    },
  );
  return { state: () => state, value: () => value, reason: () => reason };
}

/** Let every promise callback queued so far run, and a few more: a waiter
 * woken directly has settled by then; one waiting for a timer has not. */
export async function microtasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
