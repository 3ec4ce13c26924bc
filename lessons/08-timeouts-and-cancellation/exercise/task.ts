// Exercise: fetch a flaky resource. Give each attempt its own deadline,
// retry only failures that may go away, at most `attempts` times, and wait
// a random, growing time between attempts.
import { setTimeout as sleep } from "node:timers/promises";
import { getText } from "../get-text.ts";

export interface RetryPlan {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Abandon an attempt that has not answered after this long. */
  timeoutMs: number;
  /** The wait after attempt n is up to `baseDelayMs * 2 ** (n - 1)`. */
  baseDelayMs: number;
  /** Numbers in [0, 1) for the jitter: `Math.random` unless a test or a
   * recording seeds it. */
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
}

/** GET `urlFor(attempt)` until one attempt succeeds; resolve with its body. */
export async function fetchWithRetry(
  urlFor: (attempt: number) => string,
  plan: RetryPlan,
): Promise<string> {
  const { attempts, signal } = plan;
  for (let attempt = 1; ; attempt++) {
    // TODO: give this attempt a deadline of its own (`plan.timeoutMs`), and
    // still obey `signal`: see `AbortSignal.timeout` and `AbortSignal.any`.
    const attemptSignal = signal;
    try {
      return await getText(urlFor(attempt), { signal: attemptSignal });
    } catch (error) {
      // TODO: retry only a failure that may go away: import
      // `classifyFailure` from "../classify.ts". At most `attempts` times.
      const retryable = false;
      if (!retryable || attempt >= attempts) throw error;
    }
    // TODO: full jitter: wait a random share of a cap that doubles, here
    // `plan.baseDelayMs * 2 ** (attempt - 1)`. Draw the share from
    // `plan.random`, or `Math.random` when the plan has none.
    const delayMs = 0;
    await sleep(delayMs, undefined, { signal });
  }
}
