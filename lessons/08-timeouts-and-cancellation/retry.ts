// Retries with exponential backoff and full jitter: bounded in attempts and
// in total time, only for failures that may go away, and abortable at every
// step, including the wait between attempts.
import { setTimeout as sleep } from "node:timers/promises";
import { classifyFailure, type Failure } from "./classify.ts";

export interface RetryOptions {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** The first wait is up to this long; each next one may be twice as long. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** Give up once this much time has passed, mid-attempt or mid-wait. */
  totalMs: number;
  /** Numbers in [0, 1); `Math.random` unless a test or a recording seeds it. */
  random?: () => number;
  signal?: AbortSignal;
  /** Told about each failure that will be retried, and how long we wait. */
  onRetry?: (attempt: number, failure: Failure, delayMs: number) => void;
}

// #region backoff
/**
 * "Full jitter": a random wait between zero and an exponentially growing
 * cap, so clients that failed together do not all come back together.
 */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">,
): number {
  const { baseDelayMs, maxDelayMs, random = Math.random } = options;
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return random() * cap;
}
// #endregion

// #region retry
export async function retry<T>(
  operation: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const budget = AbortSignal.timeout(options.totalMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, budget])
    : budget;
  const giveUpAt = performance.now() + options.totalMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt, signal);
    } catch (error) {
      const failure = classifyFailure(error);
      const delayMs = backoffDelay(attempt, options);
      const last = attempt >= options.attempts;
      // Stop on a failure that will not go away, on the last attempt, or
      // when the wait would run past the total budget anyway.
      if (!failure.retryable || last || signal.aborted) throw error;
      if (performance.now() + delayMs >= giveUpAt) throw error;
      options.onRetry?.(attempt, failure, delayMs);
      // An abort during the wait clears the timer and rejects at once, so a
      // cancelled retry loop leaves nothing pending behind it. The error is
      // the abort's own reason: the caller's, or the budget's `TimeoutError`.
      await sleep(delayMs, undefined, { signal }).catch((why: unknown) => {
        throw signal.aborted ? signal.reason : why;
      });
    }
  }
}
// #endregion
