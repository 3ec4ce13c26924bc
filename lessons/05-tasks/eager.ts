// A promise is already running when you get it: keeping the handle and
// awaiting it later overlaps the wait with whatever you do in between.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";

export const SLOW_PATH = "/delay/600";
export const QUICK_PATH = "/delay/400";

// #region eager
/** Start the slow request, do a quick one meanwhile, then collect both. */
export async function startThenAwait(
  baseUrl: string,
  options: FetchOptions = {},
): Promise<string[]> {
  // Calling `fetchPath` sends the request now. `slow` is only a handle to
  // work that is already under way, like a task in asyncio.
  const slow = fetchPath(baseUrl, SLOW_PATH, options);
  const quick = await fetchPath(baseUrl, QUICK_PATH, options);
  // By now the slow request has been running for as long as the quick one
  // took, so only the rest of its wait is left.
  return [quick, await slow];
}
// #endregion

// #region lazy
/** Keep a function that would start the slow request, not the request. */
export async function deferThenAwait(
  baseUrl: string,
  options: FetchOptions = {},
): Promise<string[]> {
  // Nothing is sent yet: like a Python coroutine object that no one has
  // scheduled, `slow` is just a recipe.
  const slow = () => fetchPath(baseUrl, SLOW_PATH, options);
  const quick = await fetchPath(baseUrl, QUICK_PATH, options);
  // Only this call starts the request, after the quick one is done.
  return [quick, await slow()];
}
// #endregion
