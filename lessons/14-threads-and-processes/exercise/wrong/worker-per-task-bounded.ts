// Mistake: keeps to `size` tasks at a time but starts a new worker for each task, paying a thread's start-up every time instead of reusing `size` workers.
// Rejected for: started a new worker for each task
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
  let next = 0;
  // `size` lanes; each starts a fresh worker for every input it takes.
  async function lane(): Promise<void> {
    while (next < inputs.length) {
      const id = next++;
      const worker = new Worker(WORKER_HOST, {
        workerData: { task: task.href },
      });
      try {
        worker.postMessage({ id, input: inputs[id] });
        const [reply] = (await once(worker, "message", { signal })) as [
          ReplyMessage,
        ];
        results[id] =
          "error" in reply
            ? { status: "rejected", reason: reply.error }
            : { status: "fulfilled", value: reply.value };
      } finally {
        await worker.terminate();
      }
    }
  }
  await Promise.all(Array.from({ length: size }, lane));
  return results;
}
