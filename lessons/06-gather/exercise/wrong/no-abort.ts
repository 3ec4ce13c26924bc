// Mistake: it returns as soon as k bodies are in but never aborts the others, which run on to the end on the server.
// Rejected for: nothing aborted them
import {
  fetchPath,
  type FetchOptions,
} from "../../../01-sync-vs-async/fetch-path.ts";
import { asCompleted } from "../../as-completed.ts";

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
  const pending = paths.map((path) => fetchPath(baseUrl, path, { signal }));
  // `asCompleted` throws a rejection and ends the loop, so each request is
  // settled first: a failure becomes one more outcome to skip.
  const outcomes = asCompleted(pending.map(settle));
  const bodies: string[] = [];
  for await (const outcome of outcomes) {
    if (outcome.status === "fulfilled") bodies.push(outcome.value);
    // Enough answers: stop the requests still running.
    if (bodies.length === k) return bodies;
  }
  // Every request has settled. If the caller aborted, that is the reason.
  options.signal?.throwIfAborted();
  throw new Error(
    `only ${bodies.length} of ${paths.length} requests succeeded; ${k} were needed`,
  );
}
