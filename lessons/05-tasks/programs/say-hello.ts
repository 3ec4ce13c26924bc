// The original Python tutorial's "creating tasks" and "stopping the loop",
// in TypeScript, with the same seconds.
// Usage: node say-hello.ts create-tasks|stop-loop
import { setTimeout as sleep } from "node:timers/promises";

const [mode] = process.argv.slice(2);
const SECOND_MS = 1000;

// #region say
/** Wait `seconds`, then print `what`. */
async function say(what: string, seconds: number): Promise<void> {
  await sleep(seconds * SECOND_MS);
  console.log(what);
}
// #endregion

if (mode === "create-tasks") {
  // #region create-tasks
  // Both start now, as `loop.create_task` would schedule them, and nobody
  // awaits either. The second waits less, so it speaks first.
  void say("first hello", 2);
  void say("second hello", 1);
  // There is no `run_forever`: the process ends by itself once both
  // timers have fired, because nothing else keeps the event loop alive.
  // #endregion
} else if (mode === "stop-loop") {
  // #region stop-loop
  const pending = new Set<string>();
  const start = (what: string, seconds: number) => {
    pending.add(what);
    void say(what, seconds).then(() => pending.delete(what));
  };
  start("first hello", 2);
  start("second hello", 1);
  start("third hello", 4);
  // The counterpart of `stop_after(loop, 3)`: end the process after 3 s.
  void sleep(3 * SECOND_MS).then(() => process.exit(0));
  // Node says nothing about a task it drops. An `exit` listener still
  // runs on the way out (synchronous code only), so we can say it.
  process.on("exit", () => {
    for (const what of pending) console.log(`exit: "${what}" never ran`);
  });
  // #endregion
} else {
  throw new Error(`unknown mode ${mode}`);
}
