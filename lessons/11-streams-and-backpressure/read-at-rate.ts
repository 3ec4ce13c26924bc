// A slow consumer: reads any async iterable of bytes (a socket, a `fetch`
// body) at a fixed rate. `for await` asks the source for the next chunk only
// when the loop comes round again, so while the loop sleeps nothing is read,
// and the sender is held back: backpressure, with no other code.
import { setTimeout as sleep } from "node:timers/promises";

// #region read-at-rate
export async function readAtRate(
  source: AsyncIterable<Uint8Array>,
  bytesPerSecond: number,
  onChunk: (bytes: number) => void = () => {},
): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    onChunk(chunk.length);
    // Sleep until the rate says these bytes are due.
    const dueAt = start + (bytes / bytesPerSecond) * 1000;
    const wait = dueAt - performance.now();
    if (wait > 1) await sleep(wait);
  }
  return bytes;
}
// #endregion read-at-rate
