// Exercise: load every path at once, like `Promise.all`, but when one request
// fails, abort the others and wait for them, so nothing is left running.
import {
  fetchPath,
  type FetchOptions,
} from "../../01-sync-vs-async/fetch-path.ts";

/** Fetch every path at once; resolve with the bodies in order, or reject
 * with the first failure once every other request has been stopped. */
export async function fetchAllOrNothing(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // One controller for this batch; each request also stops with the caller.
  const batch = new AbortController();
  const outer = options.signal === undefined ? [] : [options.signal];
  const signal = AbortSignal.any([batch.signal, ...outer]);
  let firstFailure: { error: unknown } | undefined;
  const pending = paths.map((path) =>
    fetchPath(baseUrl, path, { signal }).catch((error: unknown) => {
      firstFailure ??= { error };
      // Abort the other requests of the batch.
      batch.abort();
      throw error;
    }),
  );
  // Wait for every request to settle before rejecting.
  await Promise.allSettled(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
