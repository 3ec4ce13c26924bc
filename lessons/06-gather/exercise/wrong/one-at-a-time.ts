// Mistake: it awaits each request before it starts the next, so the requests never run together.
// Rejected for: they ran one after another
import {
  fetchPath,
  type FetchOptions,
} from "../../../01-sync-vs-async/fetch-path.ts";

/** A request's outcome, shaped like an entry of `Promise.allSettled`. */
function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );
}

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
  const bodies: string[] = [];
  for (const path of paths) {
    const outcome = await settle(fetchPath(baseUrl, path, { signal }));
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
