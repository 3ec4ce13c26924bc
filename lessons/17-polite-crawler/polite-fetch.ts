// One URL fetched politely: through the host's scheduler, with a timeout
// per attempt, and retried after a transient failure (503, 502, 504, 429,
// a timeout or a network error) with exponential backoff and jitter. A
// `Retry-After` header is honoured: on a 429 it pauses the whole host.
import { setTimeout as sleep } from "node:timers/promises";
// A default import: `astro check` misreads undici's named re-exports.
import undici from "undici";
import type { HostScheduler } from "./host-scheduler.ts";

export interface FetchPolicy {
  scheduler: HostScheduler;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** The first backoff; each retry doubles it. */
  backoffMs: number;
  /** The longest Retry-After we accept; a longer one is a failure. */
  maxRetryAfterMs: number;
  userAgent: string;
  /** In [0, 1): the jitter's source (seeded in tests). */
  random: () => number;
  signal: AbortSignal;
  /** The crawl's own connection pool, closed when the crawl ends. */
  dispatcher: undici.Dispatcher;
}

export interface Fetched {
  url: string;
  status: number;
  /** The `Location` of a redirect, as sent. */
  location: string | null;
  type: string;
  /** The body of a text page (HTML, robots.txt); null for anything else. */
  text: string | null;
  attempts: number;
}

export class FetchFailed extends Error {
  override name = "FetchFailed";
  readonly attempts: number;
  constructor(message: string, attempts: number) {
    super(message);
    this.attempts = attempts;
  }
}

const TRANSIENT = new Set([429, 502, 503, 504]);
// Bodies past this size are not read for links.
const MAX_HTML_BYTES = 2 * 1024 * 1024;

/** `Retry-After` in milliseconds (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()) {
  if (header === null) return null;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

async function once(url: string, policy: FetchPolicy, signal: AbortSignal) {
  // The attempt ends at its own timeout or when the crawl is stopped.
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  const response = await undici.fetch(url, {
    redirect: "manual",
    headers: { "user-agent": policy.userAgent },
    signal: AbortSignal.any([signal, timeout]),
    dispatcher: policy.dispatcher,
  });
  const type = response.headers.get("content-type") ?? "";
  const length = Number(response.headers.get("content-length") ?? 0);
  const readable =
    response.status === 200 &&
    type.startsWith("text/") &&
    length <= MAX_HTML_BYTES;
  // Read every body, so the connection goes back to the pool.
  const text = readable ? await response.text() : null;
  if (!readable) await response.arrayBuffer();
  return { response, type, text };
}

// #region retries
/** Fetch `url` once, or again after transient failures (see above). */
export async function politeFetch(
  url: string,
  policy: FetchPolicy,
): Promise<Fetched> {
  const host = new URL(url).host;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let wait: number | null = null;
    try {
      const { response, type, text } = await policy.scheduler.run(
        host,
        (signal) => once(url, policy, signal),
        policy.signal,
      );
      const status = response.status;
      const location = response.headers.get("location");
      if (!TRANSIENT.has(status)) {
        return { url, status, location, type, text, attempts: attempt };
      }
      reason = `HTTP ${status}`;
      wait = retryAfterMs(response.headers.get("retry-after"));
      if (wait !== null && wait > policy.maxRetryAfterMs) {
        throw new FetchFailed(`Retry-After of ${wait} ms is too long`, attempt);
      }
      // A 429 speaks for the whole host: no request to it until then.
      if (status === 429 && wait !== null) {
        policy.scheduler.pauseHost(host, wait);
      }
    } catch (error) {
      if (policy.signal.aborted || error instanceof FetchFailed) throw error;
      const timedOut = error instanceof DOMException;
      // undici says "fetch failed"; its `cause` says why (ECONNREFUSED...).
      const cause = error instanceof Error ? error.cause : undefined;
      reason = timedOut
        ? `no answer in ${policy.timeoutMs} ms`
        : String(error) + (cause instanceof Error ? `: ${cause.message}` : "");
    }
    if (attempt > policy.retries) {
      throw new FetchFailed(`${reason} after ${attempt} attempts`, attempt);
    }
    // Exponential backoff with jitter, so retries do not come in step.
    const backoff = policy.backoffMs * 2 ** (attempt - 1);
    const jittered = backoff * (0.5 + policy.random());
    await sleep(Math.max(jittered, wait ?? 0), undefined, {
      signal: policy.signal,
    });
  }
}
// #endregion
