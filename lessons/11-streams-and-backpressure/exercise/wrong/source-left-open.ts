// Mistake: drives the source's iterator by hand and never calls return() when the copy fails.
// Rejected for: left the source open
import { once } from "node:events";
import type { Writable } from "node:stream";
export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    const { value: chunk, done } = await it.next();
    if (done) break;
    signal?.throwIfAborted();
    bytes += chunk.length;
    if (!destination.write(chunk)) {
      const stop = new AbortController();
      const options = {
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
      };
      try {
        await Promise.race([
          once(destination, "drain", options),
          once(destination, "close", options).then(() => {
            throw new Error("closed");
          }),
        ]);
      } finally {
        stop.abort();
      }
    }
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
