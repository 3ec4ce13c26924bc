// One GET, the way every function in this lesson makes it: a 4xx or 5xx
// becomes an error that keeps its status, so a caller can decide to retry.

/** The server answered, but not with a 2xx. */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  readonly status: number;
  constructor(status: number, url: string) {
    super(`GET ${new URL(url).pathname} answered ${status}`);
    this.status = status;
  }
}

export interface GetOptions {
  /** Abandon the request: aborting rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** GET `url` and resolve with the body text of a 2xx response. */
export async function getText(
  url: string,
  options: GetOptions = {},
): Promise<string> {
  const response = await fetch(url, { signal: options.signal ?? null });
  // The body is read even for an error status, which frees the connection
  // for the next request instead of leaving it half-read.
  const body = await response.text();
  if (!response.ok) throw new HttpStatusError(response.status, url);
  return body;
}
