// Mistake: catches the destination's error and resolves as if the copy had worked.
// Rejected for: an error was swallowed
import { once } from "node:events";
import type { Writable } from "node:stream";

export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of source) {
      signal?.throwIfAborted();
      bytes += chunk.length;
      if (!destination.write(chunk)) await once(destination, "drain");
    }
    destination.end();
    await once(destination, "finish");
  } catch {
    // The reader went away; the bytes so far are what we have.
  }
  return bytes;
}
