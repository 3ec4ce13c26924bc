// One request, the way every other function in this lesson makes it.

/** Options every fetching function in this lesson accepts. */
export interface FetchOptions {
  /** Abandon the request, e.g. when the learner presses Ctrl-C. */
  signal?: AbortSignal;
}

// #region fetch-path
/** GET `path` from the server at `baseUrl` and resolve with the body text. */
export async function fetchPath(
  baseUrl: string,
  path: string,
  options: FetchOptions = {},
): Promise<string> {
  // `fetch` resolves as soon as the status and headers arrive.
  const response = await fetch(new URL(path, baseUrl), {
    signal: options.signal ?? null,
  });
  // The body streams in afterwards; `text()` waits for all of it.
  const body = await response.text();
  // A 4xx or 5xx is still a response, so `fetch` does not reject: we do.
  if (!response.ok) {
    throw new Error(`GET ${path} answered ${response.status}: ${body.trim()}`);
  }
  return body;
}
// #endregion
