// Copies an async source of bytes into a writable stream (a socket, say)
// without letting the data pile up in memory when the reader is slow.
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/** Writes every chunk of `source` to `destination`, then ends it; resolves
 * with the number of bytes once they are all handed to the destination. */
export async function copyWithBackpressure(
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    // TODO: stop with the signal's reason if `signal` has been aborted.
    bytes += chunk.length;
    // TODO: `write()` returns false when the destination's buffer is full.
    // Then wait for 'drain' before taking the next chunk, and give up if the
    // destination closes or fails (or `signal` aborts) while you wait.
    destination.write(chunk);
  }
  destination.end();
  // `finished` resolves on 'finish' and rejects if the destination closes
  // or fails first; `cleanup` takes its listeners off again.
  await finished(destination, {
    readable: false,
    cleanup: true,
    ...(signal && { signal }),
  });
  return bytes;
}
