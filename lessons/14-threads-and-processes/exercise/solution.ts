// Exercise: a small worker pool. `size` workers take the inputs one after
// another, each as soon as it is free; the results come back in the order
// of the inputs, a task that throws rejects only its own result, and every
// worker is ended when the work is done, or at once when `signal` aborts.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { WORKER_HOST, type ReplyMessage } from "../worker-host.ts";

export interface PoolOptions {
  /** How many workers run tasks at the same time. */
  size: number;
  signal?: AbortSignal;
}

/** Runs the default export of the module at `task` on every input, in
 * `size` worker threads; resolves with one settled result per input. */
export async function runInPool(
  task: URL,
  inputs: readonly unknown[],
  { size, signal }: PoolOptions,
): Promise<PromiseSettledResult<unknown>[]> {
  signal?.throwIfAborted();
  const results: PromiseSettledResult<unknown>[] = [];
  // Start `size` workers at once (no more than there are inputs).
  const workers = Array.from(
    { length: Math.min(size, inputs.length) },
    () => new Worker(WORKER_HOST, { workerData: { task: task.href } }),
  );
  let next = 0;
  // Each worker takes the next input as soon as it is free, until none is
  // left; the result goes to the input's own place.
  async function serve(worker: Worker): Promise<void> {
    while (next < inputs.length) {
      const id = next++;
      worker.postMessage({ id, input: inputs[id] });
      const [reply] = (await once(worker, "message", { signal })) as [
        ReplyMessage,
      ];
      // A task that threw is a rejected result; the worker goes on.
      results[id] =
        "error" in reply
          ? { status: "rejected", reason: reply.error }
          : { status: "fulfilled", value: reply.value };
    }
  }
  try {
    await Promise.all(workers.map(serve));
    return results;
  } finally {
    // Done, failed or aborted: end every worker before we return.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
