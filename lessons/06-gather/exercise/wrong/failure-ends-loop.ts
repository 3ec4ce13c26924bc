// Mistake: it hands the requests to asCompleted as they are, so the first failure is thrown by the loop and ends the call.
// Rejected for: it rejected instead of skipping the failure
import {
  fetchPath,
  type FetchOptions,
} from "../../../01-sync-vs-async/fetch-path.ts";
import { asCompleted } from "../../as-completed.ts";

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
  const bodies: string[] = [];
  for await (const body of asCompleted(pending)) {
    bodies.push(body);
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
