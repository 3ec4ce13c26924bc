// How threads talk in Node: messages that are copied (structured clone),
// buffers that are moved (transferred), and memory that is shared.
import { once } from "node:events";
import { threadId, Worker } from "node:worker_threads";
import type { Request } from "./messages-worker.ts";

const WORKER = new URL("./messages-worker.ts", import.meta.url);
const MiB = 1024 * 1024;

export interface MessagesReport {
  /** The worker's thread id, and the id of the thread that handled its
   * reply (0 is the main thread). */
  workerThreadId: number;
  replyHandledOn: number;
  /** The list's length in the worker after it pushed, and here after. */
  lengthThere: number;
  lengthHere: number;
  /** The buffer's size before and after it was transferred, and there. */
  bytesBefore: number;
  bytesAfter: number;
  bytesThere: number;
  /** What the main thread read from shared memory the worker wrote. */
  sharedValue: number;
}

type Reply = { threadId: number; length?: number; bytes?: number };

async function ask(worker: Worker, request: Request, transfer?: ArrayBuffer[]) {
  worker.postMessage(request, transfer);
  const [reply] = (await once(worker, "message")) as [Reply];
  return { reply, handledOn: threadId };
}

export async function messagesDemo(): Promise<MessagesReport> {
  const worker = new Worker(WORKER);
  try {
    // #region copy
    // A message is copied: the worker gets its own list.
    const list = [1, 2, 3];
    const copied = await ask(worker, { kind: "copy", list });
    // #endregion
    // #region transfer
    // A transferred buffer moves: it is the worker's now, and here it is
    // empty. No byte was copied.
    const buffer = new ArrayBuffer(8 * MiB);
    const bytesBefore = buffer.byteLength;
    const moved = await ask(worker, { kind: "transfer", buffer }, [buffer]);
    // #endregion
    // #region shared
    // Shared memory: each thread has its own `Int32Array` over the same
    // bytes. The worker stores 42 and wakes whoever waits on the cell; this
    // thread waits without blocking its event loop, with `Atomics.waitAsync`,
    // started before the cell is posted so that the wake cannot come first.
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const woken = Atomics.waitAsync(cell, 0, 0).value;
    worker.postMessage({ kind: "shared", cell } satisfies Request);
    await woken;
    // #endregion
    return {
      workerThreadId: copied.reply.threadId,
      replyHandledOn: copied.handledOn,
      lengthThere: copied.reply.length ?? -1,
      lengthHere: list.length,
      bytesBefore,
      bytesAfter: buffer.byteLength,
      bytesThere: moved.reply.bytes ?? -1,
      sharedValue: Atomics.load(cell, 0),
    };
  } finally {
    await worker.terminate();
  }
}
