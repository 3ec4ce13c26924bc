// Experiments that record the order in which Node runs callbacks from its
// different queues. Each one starts from inside a macrotask (an I/O callback
// or an immediate), because that is where the order is guaranteed.
import { stat } from "node:fs";

/** Collects labels until `expected` of them arrived, then resolves. */
function recorder(expected: number) {
  const order: string[] = [];
  const { promise, resolve } = Promise.withResolvers<string[]>();
  const record = (label: string): void => {
    order.push(label);
    if (order.length === expected) resolve(order);
  };
  return { record, done: promise };
}

/** Run `fn` inside an I/O callback: the one `fs.stat` calls when it is done. */
function insideIoCallback(fn: () => void): void {
  stat(import.meta.filename, (error) => {
    if (error) throw error;
    fn();
  });
}

// #region io-callback
/** Queue one callback of each kind from inside an I/O callback. */
export function orderInsideIoCallback(): Promise<string[]> {
  const { record, done } = recorder(6);
  insideIoCallback(() => {
    setTimeout(() => record("setTimeout 0"), 0);
    setImmediate(() => record("setImmediate"));
    Promise.resolve().then(() => record("promise.then"));
    queueMicrotask(() => record("queueMicrotask"));
    process.nextTick(() => record("process.nextTick"));
    record("synchronous code");
  });
  return done;
}
// #endregion io-callback

// #region between-macrotasks
/** Two timers due together: the first one's microtasks run before the second. */
export function microtasksBetweenTimers(): Promise<string[]> {
  const { record, done } = recorder(5);
  setImmediate(() => {
    setTimeout(() => {
      record("timer 1");
      Promise.resolve()
        .then(() => record("timer 1: promise"))
        .then(() => record("timer 1: promise, then another"));
      process.nextTick(() => record("timer 1: nextTick"));
    }, 0);
    setTimeout(() => record("timer 2"), 0);
  });
  return done;
}
// #endregion between-macrotasks

/** Queue a promise reaction before a nextTick, from inside a microtask. */
export function orderInsideMicrotask(): Promise<string[]> {
  const { record, done } = recorder(2);
  setImmediate(() => {
    queueMicrotask(() => {
      // The nextTick queue only runs once the microtask queue is empty,
      // so here the promise reaction queued first also runs first.
      process.nextTick(() => record("process.nextTick"));
      Promise.resolve().then(() => record("promise.then"));
    });
  });
  return done;
}

/** Queue a promise reaction before a nextTick, from inside a macrotask. */
export function orderInsideMacrotask(): Promise<string[]> {
  const { record, done } = recorder(2);
  setImmediate(() => {
    Promise.resolve().then(() => record("promise.then"));
    process.nextTick(() => record("process.nextTick"));
  });
  return done;
}

export interface StarvationReport {
  /** How long the chain kept the thread busy. */
  chainMs: number;
  /** How many links the chain ran before the timer could fire. */
  linksBeforeTimer: number;
  /** All links the chain ran. */
  links: number;
  /** How late the `setTimeout(0)` fired. */
  timerLateMs: number;
}

// #region starve
/**
 * A chain of callbacks that re-queue themselves for `budgetMs`, using
 * `queue`, while a `setTimeout(0)` waits. Microtasks starve the timer;
 * immediates let it in.
 */
export function starveTimer(
  queue: "microtask" | "immediate",
  budgetMs: number,
): Promise<StarvationReport> {
  const { promise, resolve } = Promise.withResolvers<StarvationReport>();
  const start = performance.now();
  let links = 0;
  let linksBeforeTimer = -1;
  let timerLateMs = -1;
  let chainMs = -1;
  const report = (): void => {
    if (chainMs >= 0 && timerLateMs >= 0) {
      resolve({ chainMs, linksBeforeTimer, links, timerLateMs });
    }
  };
  setTimeout(() => {
    timerLateMs = performance.now() - start;
    linksBeforeTimer = links;
    report();
  }, 0);
  const requeue = queue === "microtask" ? queueMicrotask : setImmediate;
  // The chain is bounded by time, so it always ends.
  const link = (): void => {
    links += 1;
    if (performance.now() - start < budgetMs) requeue(link);
    else {
      chainMs = performance.now() - start;
      report();
    }
  };
  requeue(link);
  return promise;
}
// #endregion starve
