// Reading a `fetch` body slowly. The body is a web `ReadableStream`; undici
// stops reading the socket while its queue is full, so a slow loop here
// holds back the server at the other end of the connection.
import { readAtRate } from "./read-at-rate.ts";

export interface SlowFetch {
  bytes: number;
  chunks: number;
  ms: number;
}

// #region fetch-slowly
export async function fetchSlowly(
  url: string | URL,
  bytesPerSecond: number,
  signal?: AbortSignal,
): Promise<SlowFetch> {
  const start = performance.now();
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok || !response.body) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  let chunks = 0;
  // A web ReadableStream is async iterable, like a socket.
  const bytes = await readAtRate(response.body, bytesPerSecond, () => {
    chunks += 1;
  });
  return { bytes, chunks, ms: performance.now() - start };
}
// #endregion fetch-slowly
