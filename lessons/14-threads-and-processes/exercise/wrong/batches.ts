// Mistake: runs the inputs in batches of `size`, so every batch waits for its slowest task while the free workers sit idle.
// Rejected for: the pool ran batches
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { WORKER_HOST, type ReplyMessage } from "../../worker-host.ts";

export interface PoolOptions {
  size: number;
  signal?: AbortSignal;
}

export async function runInPool(
  task: URL,
  inputs: readonly unknown[],
  { size, signal }: PoolOptions,
): Promise<PromiseSettledResult<unknown>[]> {
  signal?.throwIfAborted();
  const results: PromiseSettledResult<unknown>[] = [];
  const workers = Array.from(
    { length: Math.min(size, inputs.length) },
    () => new Worker(WORKER_HOST, { workerData: { task: task.href } }),
  );
  // Each worker takes one input of the batch; the next batch starts only
  // when every task of this one is done.
  async function runOne(worker: Worker, id: number): Promise<void> {
    if (id >= inputs.length) return;
    worker.postMessage({ id, input: inputs[id] });
    const [reply] = (await once(worker, "message", { signal })) as [
      ReplyMessage,
    ];
    results[id] =
      "error" in reply
        ? { status: "rejected", reason: reply.error }
        : { status: "fulfilled", value: reply.value };
  }
  try {
    for (let first = 0; first < inputs.length; first += workers.length) {
      await Promise.all(workers.map((worker, i) => runOne(worker, first + i)));
    }
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
