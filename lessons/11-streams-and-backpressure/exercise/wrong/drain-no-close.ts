// Mistake: waits for 'drain' with once(), which ends on 'error' and abort but not on a plain 'close'.
// Rejected for: destroyed without an error
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
    if (!destination.write(chunk))
      await once(destination, "drain", signal ? { signal } : {});
  }
  destination.end();
  await once(destination, "finish", signal ? { signal } : {});
  return bytes;
}
