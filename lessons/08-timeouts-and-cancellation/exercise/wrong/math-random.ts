// Mistake: it draws the jitter from Math.random and ignores plan.random, so the wait cannot be seeded or checked.
// Rejected for: it never called `plan.random`
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
  const { attempts, signal } = plan;
  const random = Math.random;
  for (let attempt = 1; ; attempt++) {
    // Give this attempt a deadline of its own, and still obey `signal`.
    const deadline = AbortSignal.timeout(plan.timeoutMs);
    const attemptSignal = signal
      ? AbortSignal.any([signal, deadline])
      : deadline;
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
