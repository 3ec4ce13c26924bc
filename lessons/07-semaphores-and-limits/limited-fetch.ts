// Fetch a long list of paths with at most `limit` requests in flight: with
// our own semaphore, and with the `p-limit` package.
import pLimit from "p-limit";
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";
import { Semaphore } from "./semaphore.ts";

// #region semaphore-fetch
/** Every path fetched, no more than `limit` at once; bodies in input order. */
export function fetchWithSemaphore(
  baseUrl: string,
  paths: readonly string[],
  limit: number,
  options: FetchOptions = {},
): Promise<string[]> {
  const semaphore = new Semaphore(limit);
  // Every task starts at once, but each one first waits for a permit, so
  // only `limit` requests are ever on the wire together.
  const tasks = paths.map((path) =>
    semaphore.withPermit(
      () => fetchPath(baseUrl, path, options),
      options.signal,
    ),
  );
  return Promise.all(tasks);
}
// #endregion

// #region p-limit-fetch
/** The same with `p-limit`: a queue of functions, `limit` running at once. */
export function fetchWithPLimit(
  baseUrl: string,
  paths: readonly string[],
  limit: number,
  options: FetchOptions = {},
): Promise<string[]> {
  const run = pLimit(limit);
  // `run(fn)` queues `fn` and calls it once fewer than `limit` are running.
  return Promise.all(
    paths.map((path) => run(() => fetchPath(baseUrl, path, options))),
  );
}
// #endregion
