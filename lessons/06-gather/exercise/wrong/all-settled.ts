// Mistake: it waits for Promise.allSettled and then takes the first k successes in the order of the paths, not the first k to finish.
// Rejected for: not the first 2 to finish
import {
  fetchPath,
  type FetchOptions,
} from "../../../01-sync-vs-async/fetch-path.ts";

/** The first `k` bodies to arrive from `paths`, first finished first. */
export async function firstSuccesses(
  baseUrl: string,
  paths: readonly string[],
  k: number,
  options: FetchOptions = {},
): Promise<string[]> {
  // One `AbortController` for the batch, combined with the caller's signal.
  const batch = new AbortController();
  const signal = AbortSignal.any(
    [batch.signal, options.signal].filter((s) => s !== undefined),
  );
  const pending = paths.map((path) => fetchPath(baseUrl, path, { signal }));
  // `asCompleted` throws a rejection and ends the loop, so each request is
  // settled first: a failure becomes one more outcome to skip.
  const outcomes = await Promise.allSettled(pending);
  const bodies: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") bodies.push(outcome.value);
    // Enough answers: stop the requests still running.
    if (bodies.length === k) {
      batch.abort();
      return bodies;
    }
  }
  // Every request has settled. If the caller aborted, that is the reason.
  options.signal?.throwIfAborted();
  throw new Error(
    `only ${bodies.length} of ${paths.length} requests succeeded; ${k} were needed`,
  );
}
