// Mistake: checks the signal only before it starts, so an abort during the work neither stops it nor ends the workers.
// Rejected for: after the abort
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
  let next = 0;
  async function serve(worker: Worker): Promise<void> {
    while (next < inputs.length) {
      const id = next++;
      worker.postMessage({ id, input: inputs[id] });
      const [reply] = (await once(worker, "message")) as [ReplyMessage];
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
