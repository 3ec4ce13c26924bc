// Mistake: resolves as soon as end() is called, without waiting for 'finish'.
// Rejected for: did not wait for 'finish'
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
  return bytes;
}
