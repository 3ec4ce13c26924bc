// Mistake: waits for 'drain' at most 25 ms, then writes on anyway.
// Rejected for: while the destination was waiting for 'drain'
import { once } from "node:events";
import type { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    signal?.throwIfAborted();
    if (destination.destroyed)
      throw destination.errored ?? new Error("destination closed");
    bytes += chunk.length;
    if (!destination.write(chunk)) {
      const stop = new AbortController();
      const opts = {
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
      };
      try {
        await Promise.race([
          once(destination, "drain", opts),
          sleep(25, undefined, opts),
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
