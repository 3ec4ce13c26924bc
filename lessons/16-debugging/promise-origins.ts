// Where was the promise made that nobody handled? An unhandled rejection's
// stack tells where its error was made, which may be deep in a library or
// in a socket callback. `v8.promiseHooks` can note, for every promise, the
// stack at the moment it was made: then the `unhandledRejection` event,
// which is given the promise, can say where it came from. Taking a stack
// for every promise is slow: this is a tool for debugging, not production.
import { promiseHooks } from "node:v8";

export interface PromiseOrigins {
  /** The stack where `promise` was made, or undefined if not seen. */
  originOf(promise: Promise<unknown>): string | undefined;
  stop(): void;
}

// #region track
/** Note where every promise made from now on was made. */
export function trackPromiseOrigins(): PromiseOrigins {
  const origins = new WeakMap<Promise<unknown>, string>();
  const stop = promiseHooks.onInit((promise) => {
    const stack = new Error("made here").stack ?? "";
    // The first two lines are the message and this hook.
    origins.set(promise, stack.split("\n").slice(2).join("\n"));
  });
  return {
    originOf: (promise) => origins.get(promise),
    stop: () => void stop(),
  };
}
// #endregion
