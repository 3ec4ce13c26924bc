// Mistake: adds a 'close' and an 'error' listener for every wait and never removes them.
// Rejected for: listeners on the destination
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
      await new Promise<void>((resolve, reject) => {
        destination.once("drain", resolve);
        destination.once("close", () => reject(new Error("closed")));
        destination.once("error", reject);
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    }
  }
  destination.end();
  await new Promise<void>((resolve, reject) => {
    destination.once("finish", resolve);
    destination.once("error", reject);
  });
  return bytes;
}
