// Mistake: never looks at the signal, so an abort does not stop the copy.
// Rejected for: after the abort
import { once } from "node:events";
import type { Writable } from "node:stream";

export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (!destination.write(chunk)) await once(destination, "drain");
  }
  destination.end();
  await once(destination, "finish");
  return bytes;
}
