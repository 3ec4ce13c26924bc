// A guard an exercise check puts around a learner's code: a promise
// rejection that nobody handled is seen and explained instead of ending the
// process (or, under vitest, failing the whole test file). The exports a
// check calls are checked by `missingExports` (exercise-exports.ts).
import type { EventEmitter } from "node:events";

export interface Guarded<T> {
  value: T;
  /** The reasons of the rejections that had no handler when they happened. */
  unhandled: unknown[];
}

/**
 * Run `work`, taking over `unhandledRejection` while it runs: every
 * rejection that nobody was listening to when it happened is collected
 * instead of going to the listeners already installed (vitest's, say) or,
 * with none, ending the process. `work` can read the list as it grows. The
 * listeners are put back one turn of the event loop after `work` settled.
 */
export async function collectUnhandledRejections<T>(
  work: (unhandledSoFar: readonly unknown[]) => Promise<T>,
): Promise<Guarded<T>> {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => void unhandled.push(reason);
  // A rejection handled late, after it was reported, is part of the same
  // story: without a listener, Node would print a warning for it.
  const restore = [
    takeOver("unhandledRejection", collect),
    takeOver("rejectionHandled", () => {}),
  ];
  try {
    const value = await work(unhandled);
    // Node looks for handlers once the microtasks have run: give the
    // rejections that the work's own end set off one turn to show up.
    await new Promise((resolve) => setImmediate(resolve));
    return { value, unhandled };
  } finally {
    for (const undo of restore) undo();
  }
}

type Listener = (...args: unknown[]) => void;

/** Make `listener` the only one for `event`; returns what puts back the
 * listeners there were. */
function takeOver(
  event: "unhandledRejection" | "rejectionHandled",
  listener: Listener,
): () => void {
  // One signature for both events: their listeners' types differ.
  const emitter = process as unknown as EventEmitter;
  const saved = emitter.listeners(event) as Listener[];
  emitter.removeAllListeners(event);
  emitter.on(event, listener);
  return () => {
    emitter.off(event, listener);
    for (const each of saved) emitter.on(event, each);
  };
}
