// The worker side of every pool in this lesson. It loads the task module
// named in `workerData.task` (a file URL) and runs its default export once
// for each message `{ id, input }`, answering `{ id, value }`, or
// `{ id, error }` when the task throws. The worker stays up for the next
// task; whoever started it ends it with `worker.terminate()`.
import { parentPort, workerData } from "node:worker_threads";

/** What the main thread sends: one task. */
export interface TaskMessage {
  id: number;
  input: unknown;
}

/** What the worker answers: the task's value, or what it threw. */
export type ReplyMessage =
  { id: number; value: unknown } | { id: number; error: unknown };

/** What a worker on this host needs to be told when it starts. */
export interface HostData {
  /** The task module's URL; its default export runs each task. */
  task: string;
}

/** The host's own URL, for `new Worker(WORKER_HOST, ...)`. */
export const WORKER_HOST = new URL(import.meta.url);

// #region host
if (parentPort !== null) {
  const port = parentPort;
  const { task } = workerData as HostData;
  const module = (await import(task)) as {
    default: (input: unknown) => unknown;
  };
  port.on("message", async ({ id, input }: TaskMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id, value: await module.default(input) };
    } catch (error) {
      // An `Error` crosses the thread with its message and stack intact.
      reply = { id, error };
    }
    port.postMessage(reply);
  });
}
// #endregion
