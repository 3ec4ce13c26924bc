// Mistake: runs every task on one worker, so the work leaves the main thread but nothing runs in parallel.
// Rejected for: one at a time
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
  { signal }: PoolOptions,
): Promise<PromiseSettledResult<unknown>[]> {
  signal?.throwIfAborted();
  const results: PromiseSettledResult<unknown>[] = [];
  const worker = new Worker(WORKER_HOST, { workerData: { task: task.href } });
  try {
    for (const [id, input] of inputs.entries()) {
      worker.postMessage({ id, input });
      const [reply] = (await once(worker, "message", { signal })) as [
        ReplyMessage,
      ];
      results[id] =
        "error" in reply
          ? { status: "rejected", reason: reply.error }
          : { status: "fulfilled", value: reply.value };
    }
    return results;
  } finally {
    await worker.terminate();
  }
}
