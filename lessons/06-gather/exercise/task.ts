// Exercise: start every request at once and resolve with the first `k`
// bodies that succeed, in the order they finish. Failures are skipped; once
// `k` bodies are in, the requests still running are aborted.
import {
  fetchPath,
  type FetchOptions,
} from "../../01-sync-vs-async/fetch-path.ts";

/** The first `k` bodies to arrive from `paths`, first finished first. */
export async function firstSuccesses(
  baseUrl: string,
  paths: readonly string[],
  k: number,
  options: FetchOptions = {},
): Promise<string[]> {
  // TODO: make one `AbortController` for the batch, combined with the
  // caller's signal through `AbortSignal.any`.
  const signal = options.signal;
  const pending = paths.map((path) =>
    fetchPath(baseUrl, path, signal === undefined ? {} : { signal }),
  );
  // TODO: take the outcomes as they complete, with `asCompleted` from
  // `../as-completed.ts`. This waits for every one and keeps input order.
  const outcomes = await Promise.allSettled(pending);
  const bodies: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") bodies.push(outcome.value);
    // TODO: stop the requests still running before returning.
    if (bodies.length === k) {
      return bodies;
    }
  }
  // Every request has settled. If the caller aborted, that is the reason.
  options.signal?.throwIfAborted();
  throw new Error(
    `only ${bodies.length} of ${paths.length} requests succeeded; ${k} were needed`,
  );
}
