// Mistake: deals the inputs out in advance (worker i gets inputs i, i + size, ...), so an input waits behind a long task on its worker while another worker is free.
// Rejected for: dealt out in fixed shares
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
  // Worker `w` runs its own share of the inputs, one after another.
  async function serve(worker: Worker, w: number): Promise<void> {
    for (let id = w; id < inputs.length; id += workers.length) {
      worker.postMessage({ id, input: inputs[id] });
      const [reply] = (await once(worker, "message", { signal })) as [
        ReplyMessage,
      ];
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
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
