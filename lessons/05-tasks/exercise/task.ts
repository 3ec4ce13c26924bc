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
  // TODO: one controller for this batch; each request also stops with the
  // caller: combine both signals with `AbortSignal.any`.
  const signal = options.signal ?? new AbortController().signal;
  let firstFailure: { error: unknown } | undefined;
  const pending = paths.map((path) =>
    fetchPath(baseUrl, path, { signal }).catch((error: unknown) => {
      firstFailure ??= { error };
      // TODO: abort the other requests of the batch.
      throw error;
    }),
  );
  // TODO: wait for every request to settle before rejecting.
  await Promise.all(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
