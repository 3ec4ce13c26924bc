// Copies an async source of bytes into a writable stream (a socket, say)
// without letting the data pile up in memory when the reader is slow.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/** Resolves when `destination` has room again; rejects if it closes or
 * fails first, or if `signal` aborts. */
async function roomIn(destination: Writable, signal?: AbortSignal) {
  // A destination that has already closed emits nothing more: not even
  // 'close'. Ask it instead of waiting.
  if (destination.destroyed) {
    throw destination.errored ?? new Error("the destination has closed");
  }
  const stop = new AbortController();
  const options = {
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  };
  try {
    await Promise.race([
      // `once` rejects on 'error' too: a reset connection ends the wait.
      once(destination, "drain", options),
      once(destination, "close", options).then(() => {
        throw new Error("the destination closed before it drained");
      }),
    ]);
  } finally {
    // Take off whichever listener is still waiting.
    stop.abort();
  }
}

/** Writes every chunk of `source` to `destination`, then ends it; resolves
 * with the number of bytes once they are all handed to the destination. */
export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    signal?.throwIfAborted();
    bytes += chunk.length;
    // `write()` returns false once the destination's buffer is over its
    // `highWaterMark`: take no more from the source until 'drain'.
    if (!destination.write(chunk)) await roomIn(destination, signal);
  }
  destination.end();
  // `finished` resolves on 'finish' and rejects if the destination closes
  // or fails first; `cleanup` takes its listeners off again.
  await finished(destination, {
    readable: false,
    cleanup: true,
    ...(signal && { signal }),
  });
  return bytes;
}
