// Mistake: waits for 'drain' alone, so a reader that hangs up leaves it waiting forever.
// Rejected for: must also end on 'close' or 'error'
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
      await new Promise((resolve) => destination.once("drain", resolve));
    }
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
