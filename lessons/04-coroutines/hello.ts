// The smallest coroutine: it says hello, waits without blocking, and goes on.
import { setTimeout as sleep } from "node:timers/promises";

// #region hello
/** Say "Hello", wait `waitMs` without blocking, then say "world". */
export async function helloWorld(
  say: (line: string) => void,
  waitMs: number,
  signal?: AbortSignal,
): Promise<void> {
  say("Hello ...");
  // `sleep` is `setTimeout` from `node:timers/promises`: it returns a promise
  // that resolves after `waitMs`. `await` suspends this function until then,
  // and the thread is free to run anything else meanwhile.
  await sleep(waitMs, undefined, signal ? { signal } : {});
  say("... world");
}
// #endregion
