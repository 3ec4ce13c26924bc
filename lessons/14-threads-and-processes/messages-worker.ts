// The worker of messages.ts. It answers each message on its own port, and
// writes into shared memory when it is given some.
import { parentPort, threadId } from "node:worker_threads";

export type Request =
  | { kind: "copy"; list: number[] }
  | { kind: "transfer"; buffer: ArrayBuffer }
  | { kind: "shared"; cell: Int32Array };

if (parentPort !== null) {
  const port = parentPort;
  port.on("message", (request: Request) => {
    if (request.kind === "copy") {
      // This list is a copy: the main thread's own list does not change.
      request.list.push(99);
      port.postMessage({ threadId, length: request.list.length });
    } else if (request.kind === "transfer") {
      port.postMessage({ threadId, bytes: request.buffer.byteLength });
    } else {
      // #region shared-worker
      // The same memory as the main thread's: no message carries the value.
      Atomics.store(request.cell, 0, 42);
      Atomics.notify(request.cell, 0);
      // #endregion
    }
  });
}
