// Mistake: reads the whole source into memory first, then writes it with care.
// Rejected for: in memory instead of taking a chunk only when there is room
import { once } from "node:events";
import type { Writable } from "node:stream";

export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  let bytes = 0;
  for (const chunk of chunks) {
    signal?.throwIfAborted();
    bytes += chunk.length;
    if (!destination.write(chunk)) {
      await once(destination, "drain", signal ? { signal } : {});
    }
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
