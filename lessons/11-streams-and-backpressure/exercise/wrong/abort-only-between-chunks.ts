// Mistake: looks at the signal only at the top of the loop, not while it waits for 'drain'.
// Rejected for: after the abort
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
      try {
        await Promise.race([
          once(destination, "drain", { signal: stop.signal }),
          once(destination, "close", { signal: stop.signal }).then(() => {
            throw new Error("closed");
          }),
        ]);
      } finally {
        stop.abort();
      }
    }
  }
  destination.end();
  await once(destination, "finish");
  return bytes;
}
