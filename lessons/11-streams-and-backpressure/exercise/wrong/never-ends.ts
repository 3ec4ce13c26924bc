// Mistake: writes every chunk but never calls end(), so the reader never sees the end.
// Rejected for: never ended the destination
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
      await once(destination, "drain", signal ? { signal } : {});
    }
  }
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
