// Mistake: ignores what write() returns, so a slow reader makes Node buffer everything.
// Rejected for: went on writing after write() returned false
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
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
