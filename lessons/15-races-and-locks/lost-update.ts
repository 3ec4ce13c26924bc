// The lost update of `counter[0]++` between workers, every time instead of
// by luck: each worker reads the shared counter, waits at a barrier until
// all have read it, then writes what it read plus 1.
import { once } from "node:events";
import { Worker } from "node:worker_threads";

const WORKER = new URL("./lost-update-worker.ts", import.meta.url);

export interface LostUpdateReport {
  expected: number;
  counted: number;
  /** What each worker read before it wrote. */
  seen: number[];
}

export async function lostUpdateAtBarrier(
  workers: number,
  signal?: AbortSignal,
): Promise<LostUpdateReport> {
  signal?.throwIfAborted();
  const memory = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const threads = Array.from(
    { length: workers },
    () => new Worker(WORKER, { workerData: { memory, workers } }),
  );
  try {
    // `once` rejects if a worker fails, and on abort.
    const replies = await Promise.all(
      threads.map((thread) => once(thread, "message", { signal })),
    );
    const reports = replies.map(([r]) => r as { seen: number; met: boolean });
    if (!reports.every((r) => r.met)) {
      throw new Error("the workers did not all reach the barrier in 5 s");
    }
    return {
      expected: workers,
      counted: Atomics.load(new Int32Array(memory), 0),
      seen: reports.map((r) => r.seen),
    };
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
