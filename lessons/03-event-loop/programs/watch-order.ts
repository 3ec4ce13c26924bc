// The two ordering experiments of this lesson as one program that prints
// as it goes, for the loop tracer: each callback logs its label the moment
// it runs. Usage: node watch-order.ts io-callback|two-timers
import { stat } from "node:fs";

// #region io-callback
/** Queue one callback of each kind from inside an I/O callback. */
function insideIoCallback(): void {
  stat(import.meta.filename, () => {
    setTimeout(() => console.log("setTimeout 0"), 0);
    setImmediate(() => console.log("setImmediate"));
    Promise.resolve().then(() => console.log("promise.then"));
    queueMicrotask(() => console.log("queueMicrotask"));
    process.nextTick(() => console.log("process.nextTick"));
    console.log("synchronous code");
  });
}
// #endregion io-callback

// #region two-timers
/** Two timers due together; the first queues a nextTick and two reactions. */
function twoTimers(): void {
  setImmediate(() => {
    setTimeout(() => {
      console.log("timer 1");
      Promise.resolve()
        .then(() => console.log("timer 1: promise"))
        .then(() => console.log("timer 1: promise, then another"));
      process.nextTick(() => console.log("timer 1: nextTick"));
    }, 0);
    setTimeout(() => console.log("timer 2"), 0);
  });
}
// #endregion two-timers

export function main([which = "io-callback"]: string[]): void {
  if (which === "two-timers") twoTimers();
  else insideIoCallback();
}

if (import.meta.main) main(process.argv.slice(2));
