// Real parallelism: `workers` threads add 1 to one shared counter,
// `increments` times each, all starting at the same moment. With plain
// `counter[0]++` they lose updates; with `Atomics.add`, or inside a
// `SharedLock`, they lose none.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { CELL, CELLS, type CountMode } from "./counter-cells.ts";

export type { CountMode };

export interface CountOptions {
  workers: number;
  increments: number;
  mode: CountMode;
  signal?: AbortSignal;
}

export interface CountReport {
  expected: number;
  counted: number;
  /** Updates that were written over by another worker. */
  lost: number;
  /** From the start signal to the last worker's report. */
  ms: number;
  /** Times a worker slept in `Atomics.wait` for the lock, all together. */
  sleeps: number;
}

const WORKER = new URL("./counter-worker.ts", import.meta.url);

/** Resolve once `cells[index]` is at least `value`, without blocking the
 * event loop: `Atomics.waitAsync` wakes us on each `notify`. Gives up when
 * `stopped()` says so after a wake-up. */
async function waitUntilAtLeast(
  cells: Int32Array,
  index: number,
  value: number,
  stopped: () => boolean,
): Promise<void> {
  for (;;) {
    const seen = Atomics.load(cells, index);
    if (seen >= value || stopped()) return;
    const wait = Atomics.waitAsync(cells, index, seen, 10_000);
    if ((await wait.value) === "timed-out") {
      throw new Error(`only ${seen} of ${value} workers started in 10 s`);
    }
  }
}

/** How often `thread` slept for the lock, from its one message; a worker
 * that fails rejects, and one that exits without a word too. */
async function reportOf(thread: Worker): Promise<number> {
  const [first] = await Promise.race([
    once(thread, "message"),
    once(thread, "exit").then(() => [null]),
  ]);
  if (first === null) throw new Error("a worker exited before reporting");
  return (first as { sleeps: number }).sleeps;
}

// #region count
export async function countInWorkers(
  options: CountOptions,
): Promise<CountReport> {
  const { workers, increments, mode, signal } = options;
  signal?.throwIfAborted();
  const memory = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(memory);
  const threads = Array.from(
    { length: workers },
    () => new Worker(WORKER, { workerData: { memory, increments, mode } }),
  );
  let stopped = false;
  // A worker that fails, or an abort, ends the count at once.
  const reports = Promise.all(threads.map(reportOf));
  const aborted = new Promise<never>((_, reject) => {
    signal?.addEventListener("abort", () => reject(signal.reason), {
      once: true,
    });
  });
  const ended = Promise.race([reports, aborted]);
  ended.catch(() => {});
  try {
    await Promise.race([
      waitUntilAtLeast(cells, CELL.ready, workers, () => stopped),
      ended,
    ]);
    // Go: wake every worker at once.
    const started = performance.now();
    Atomics.store(cells, CELL.start, 1);
    Atomics.notify(cells, CELL.start);
    const sleeps = (await ended).reduce((a, b) => a + b, 0);
    const ms = performance.now() - started;
    const expected = workers * increments;
    const counted = Atomics.load(cells, CELL.counter);
    return { expected, counted, lost: expected - counted, ms, sleeps };
  } finally {
    // Wake the wait for the workers to be ready, if it is still waiting.
    stopped = true;
    Atomics.notify(cells, CELL.ready);
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
// #endregion
