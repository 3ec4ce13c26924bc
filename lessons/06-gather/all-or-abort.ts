// `Promise.all` that stops the rest of the batch on the first failure.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";

// #region all-or-abort
/** Every body in the order of `paths`, or the first failure, alone. */
export function fetchAllOrAbort(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // One `AbortController` for the whole batch.
  const batch = new AbortController();
  // Each request stops when the batch or the caller's `signal` aborts.
  const signal = AbortSignal.any(
    [batch.signal, options.signal].filter((s) => s !== undefined),
  );
  const pending = paths.map((path) =>
    fetchPath(baseUrl, path, { signal }).catch((error: unknown) => {
      // The first failure aborts the batch, then rejects as before.
      batch.abort();
      throw error;
    }),
  );
  return Promise.all(pending);
}
// #endregion
