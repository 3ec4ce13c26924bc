// Mistake: takes a task's error for an empty value, so the caller never learns that the task threw.
// Rejected for: the error was swallowed
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
      const [reply] = (await once(worker, "message", { signal })) as [
        ReplyMessage,
      ];
      results[id] = {
        status: "fulfilled",
        value: "value" in reply ? reply.value : undefined,
      };
    }
  }
  try {
    await Promise.all(workers.map(serve));
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
