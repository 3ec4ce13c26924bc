// One task in a worker of its own: the shortest way off the main thread, and
// the counterpart of asyncio's `loop.run_in_executor(executor, fn, arg)`.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { WORKER_HOST, type ReplyMessage } from "./worker-host.ts";

// #region run-in-worker
/** Runs the default export of the module at `task` on `input` in a new
 * worker thread, and resolves with what it returned. */
export async function runInWorker<R>(
  task: URL,
  input: unknown,
  signal?: AbortSignal,
): Promise<R> {
  const worker = new Worker(WORKER_HOST, {
    workerData: { task: task.href },
  });
  try {
    worker.postMessage({ id: 0, input });
    // `once` rejects if the worker emits 'error' (it crashed), and on abort.
    const [reply] = (await once(worker, "message", { signal })) as [
      ReplyMessage,
    ];
    if ("error" in reply) throw reply.error;
    return reply.value as R;
  } finally {
    // A worker is a thread with its own event loop: end it, or it stays.
    await worker.terminate();
  }
}
// #endregion
