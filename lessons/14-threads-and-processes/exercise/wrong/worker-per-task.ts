// Mistake: starts a new worker for every task, all at once, so the pool has no bound.
// Rejected for: more than 3
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { WORKER_HOST, type ReplyMessage } from "../../worker-host.ts";

export interface PoolOptions {
  size: number;
  signal?: AbortSignal;
}

async function inOwnWorker(
  task: URL,
  input: unknown,
  signal?: AbortSignal,
): Promise<PromiseSettledResult<unknown>> {
  const worker = new Worker(WORKER_HOST, { workerData: { task: task.href } });
  try {
    worker.postMessage({ id: 0, input });
    const [reply] = (await once(worker, "message", { signal })) as [
      ReplyMessage,
    ];
    return "error" in reply
      ? { status: "rejected", reason: reply.error }
      : { status: "fulfilled", value: reply.value };
  } finally {
    await worker.terminate();
  }
}

export async function runInPool(
  task: URL,
  inputs: readonly unknown[],
  { signal }: PoolOptions,
): Promise<PromiseSettledResult<unknown>[]> {
  signal?.throwIfAborted();
  return Promise.all(inputs.map((input) => inOwnWorker(task, input, signal)));
}
