// Mistake: an attempt has no deadline of its own, so one that hangs holds the call until the caller gives up.
// Rejected for: it should have been abandoned after 300 ms
import { setTimeout as sleep } from "node:timers/promises";
import { classifyFailure } from "../../classify.ts";
import { getText } from "../../get-text.ts";

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
  const { attempts, signal, random = Math.random } = plan;
  for (let attempt = 1; ; attempt++) {
    // The caller decides how long we wait.
    const attemptSignal = signal;
    try {
      return await getText(urlFor(attempt), { signal: attemptSignal });
    } catch (error) {
      // Retry only a failure that may go away, and only `attempts` times.
      const { retryable } = classifyFailure(error);
      if (!retryable || attempt >= attempts) throw error;
    }
    // Full jitter: a random wait up to a cap that doubles each attempt.
    const delayMs = random() * plan.baseDelayMs * 2 ** (attempt - 1);
    await sleep(delayMs, undefined, { signal });
  }
}
