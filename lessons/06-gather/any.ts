// `Promise.any`: the first success among mirrors, failures skipped.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";

// #region any
/** Ask every mirror at once; resolve with the first body that arrives. */
export async function fetchFromAny(
  baseUrl: string,
  mirrors: readonly string[],
  options: FetchOptions = {},
): Promise<string> {
  const batch = new AbortController();
  const signal = AbortSignal.any(
    [batch.signal, options.signal].filter((s) => s !== undefined),
  );
  try {
    // Rejects only if every mirror fails, with an `AggregateError` whose
    // `errors` holds each reason in the order of `mirrors`.
    return await Promise.any(
      mirrors.map((path) => fetchPath(baseUrl, path, { signal })),
    );
  } finally {
    // One answer is enough: stop asking the others.
    batch.abort();
  }
}
// #endregion
