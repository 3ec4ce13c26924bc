// Exercise: fetch every path at once and keep the bodies in input order, but
// as soon as one request fails, abort the others and reject.
import {
  fetchPath,
  type FetchOptions,
} from "../../01-sync-vs-async/fetch-path.ts";

/** Every body in the order of `paths`, or the first failure, alone. */
export function fetchAllOrAbort(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // TODO: make one `AbortController` for the whole batch.
  // TODO: make each request stop when the batch or `options.signal` aborts.
  const signal = options.signal;
  const pending = paths.map(
    (path) => fetchPath(baseUrl, path, signal === undefined ? {} : { signal }),
    // TODO: on a failure, abort the batch, then reject as before.
  );
  return Promise.all(pending);
}
