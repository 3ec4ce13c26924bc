// Mistake: keeps its own threshold (twice the water mark) instead of write()'s answer.
// Rejected for: while the destination was waiting for 'drain'
import { once } from "node:events";
import type { Writable } from "node:stream";
export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    signal?.throwIfAborted();
    bytes += chunk.length;
    destination.write(chunk);
    if (destination.writableLength >= 2 * destination.writableHighWaterMark) {
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
