// Guards an exercise check puts around a learner's code: the export the
// check calls is there (and says which one it wanted if not), and a promise
// rejection that nobody handled is seen and explained instead of ending the
// process (or, under vitest, failing the whole test file).
import type { EventEmitter } from "node:events";
import type { Verdict } from "./lesson-types.ts";

/**
 * A failed verdict if `impl` has no function called `name`, else null.
 * The learner may have renamed it, or not exported it at all.
 */
export function missingExport(impl: object, name: string): Verdict | null {
  const value = (impl as Record<string, unknown>)[name];
  if (typeof value === "function") return null;
  const others = Object.keys(impl).filter((key) => key !== name);
  const exported =
    others.length === 0
      ? "it exports nothing"
      : `it exports only ${others.join(", ")}`;
  return {
    passed: false,
    expected: `the file exports a function called \`${name}\`: the check calls that one`,
    observed:
      value === undefined
        ? `there is no export called \`${name}\` (${exported}): was it renamed, or is \`export\` missing?`
        : `\`${name}\` is exported, but it is a ${typeof value}, not a function`,
  };
}

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
