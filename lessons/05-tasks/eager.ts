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
  // Calling `fetchPath` starts the request now; it goes out at the `await`
  // below. `slow` is only a handle to work under way, like an asyncio task.
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
  // Nothing is started yet: like a Python coroutine object that no one has
  // scheduled, `slow` is just a recipe.
  const slow = () => fetchPath(baseUrl, SLOW_PATH, options);
  const quick = await fetchPath(baseUrl, QUICK_PATH, options);
  // Only this call starts the request, after the quick one is done.
  return [quick, await slow()];
}
// #endregion
