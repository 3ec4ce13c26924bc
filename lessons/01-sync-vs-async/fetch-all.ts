// Two ways to fetch a list of paths: one after another, or all at once.
import { fetchPath, type FetchOptions } from "./fetch-path.ts";

// #region sequential
/** Fetch each path in turn; resolve with the bodies in input order. */
export async function fetchSequentially(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const bodies: string[] = [];
  for (const path of paths) {
    // `await` suspends this loop until the body is in, so the next request
    // is not even started before the previous one has finished.
    bodies.push(await fetchPath(baseUrl, path, options));
  }
  return bodies;
}
// #endregion

// #region concurrent
/** Start every request at once; resolve with the bodies in input order. */
export async function fetchConcurrently(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // Calling `fetchPath` starts a request and returns a promise straight
  // away, so `map` starts them all. None is sent yet: they go out together
  // once this function has returned and the event loop has the thread.
  const pending = paths.map((path) => fetchPath(baseUrl, path, options));
  // `Promise.all` waits for every promise and keeps the input order,
  // whichever response happened to finish first.
  return Promise.all(pending);
}
// #endregion
