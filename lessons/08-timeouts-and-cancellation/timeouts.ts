// Deadlines and cancellation for `fetch`, all through `AbortSignal`.
import { getText } from "./get-text.ts";

// #region with-timeout
/**
 * GET `url`, giving up after `ms`, or sooner if the caller's `signal`
 * aborts. Whichever comes first wins, and its reason is the error.
 */
export function getWithTimeout(
  url: string,
  ms: number,
  signal?: AbortSignal,
): Promise<string> {
  const deadline = AbortSignal.timeout(ms);
  // `AbortSignal.any` aborts as soon as one of its signals does, with
  // that signal's reason: a `TimeoutError` or the caller's `AbortError`.
  const either = signal ? AbortSignal.any([signal, deadline]) : deadline;
  return getText(url, { signal: either });
}
// #endregion

// #region why-stopped
/** Tell our own deadline from a caller who cancelled. */
export function whyStopped(error: unknown): "timeout" | "cancelled" | null {
  if (!(error instanceof Error)) return null;
  if (error.name === "TimeoutError") return "timeout";
  if (error.name === "AbortError") return "cancelled";
  return null;
}
// #endregion

// #region headers-deadline
/**
 * Resolve with the response once its headers are in, or reject with a
 * `TimeoutError` if they take longer than `ms`. The body is not bound by
 * the deadline: a big download may take as long as it needs.
 */
export async function headersWithin(
  url: string,
  ms: number,
  signal?: AbortSignal,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const why = new DOMException(`no headers after ${ms} ms`, "TimeoutError");
    controller.abort(why);
  }, ms);
  const signals = signal ? [signal, controller.signal] : [controller.signal];
  try {
    return await fetch(url, { signal: AbortSignal.any(signals) });
  } finally {
    // Headers in, or the request failed: either way the deadline is over,
    // and the timer must not fire later into a request that is done.
    clearTimeout(timer);
  }
}
// #endregion
