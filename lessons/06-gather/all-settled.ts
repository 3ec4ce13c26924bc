// `Promise.allSettled`: wait for every request, successes and failures alike.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";

// #region all-settled
/** Fetch every path at once; one settled result per path, in input order. */
export function fetchSettled(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<PromiseSettledResult<string>[]> {
  // Never rejects: a failed request becomes a `{ status: "rejected" }` entry.
  return Promise.allSettled(
    paths.map((path) => fetchPath(baseUrl, path, options)),
  );
}

/** One line per result: the body, or why there is none. */
export function describeResult(result: PromiseSettledResult<string>): string {
  // `status` says which of `value` and `reason` the result carries.
  return result.status === "fulfilled"
    ? `fulfilled: ${result.value.trim()}`
    : `rejected: ${String(result.reason)}`;
}
// #endregion
