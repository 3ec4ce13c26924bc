// `Promise.race`: a request against a deadline, and the loser stopped.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";

// #region race
/** GET `path`, or reject if no body has arrived within `ms`. */
export async function fetchWithin(
  baseUrl: string,
  path: string,
  ms: number,
  options: FetchOptions = {},
): Promise<string> {
  const request = new AbortController();
  const signal = AbortSignal.any(
    [request.signal, options.signal].filter((s) => s !== undefined),
  );
  let timer: NodeJS.Timeout | undefined;
  // A promise that never resolves, and rejects when the timer fires.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer from ${path} within ${ms} ms`));
    }, ms);
  });
  try {
    // Settles like whichever of the two settles first.
    return await Promise.race([fetchPath(baseUrl, path, { signal }), deadline]);
  } finally {
    // `race` does not stop the loser: clear the timer if the request won,
    // abort the request if the timer won.
    clearTimeout(timer);
    request.abort();
  }
}
// #endregion
