// Mistake: waits for 'drain' after every write, even when write() returned true.
// Rejected for: a 'drain' that never comes
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
    await once(destination, "drain", signal ? { signal } : {});
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
