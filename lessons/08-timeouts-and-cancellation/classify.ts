// What a failed request looks like in Node, and whether trying again may
// help. `fetch` wraps network errors in a `TypeError` whose `cause` carries
// the system's code; aborts reject with the signal's reason.
import { HttpStatusError } from "./get-text.ts";

export interface Failure {
  /** The error as Node shows it: its name, and the code of its cause. */
  shape: string;
  /** Whether the same request may succeed if sent again. */
  retryable: boolean;
}

// Network codes worth another try: the server was not there, cut the
// connection, or stopped halfway through the body (undici's socket error).
const RETRYABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "UND_ERR_SOCKET",
]);

/** A system error's code: on the error itself, or on its `cause`. */
function errorCode(error: Error): { code: string; where: string } | null {
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return { code: own, where: "code" };
  const cause = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof cause === "string" ? { code: cause, where: "cause" } : null;
}

// #region classify
export function classifyFailure(error: unknown): Failure {
  if (error instanceof HttpStatusError) {
    // A 5xx may be a passing fault; a 4xx says the request itself is wrong,
    // and sending it again gets the same answer.
    const retryable = error.status >= 500;
    return { shape: `${error.name} ${error.status}`, retryable };
  }
  if (!(error instanceof Error)) {
    return { shape: `a thrown ${typeof error}`, retryable: false };
  }
  // `AbortSignal.timeout` aborts with a `TimeoutError`: our deadline passed.
  if (error.name === "TimeoutError") {
    return { shape: `TimeoutError: ${error.message}`, retryable: true };
  }
  // A plain abort is somebody asking us to stop: never retry that.
  if (error.name === "AbortError") {
    return { shape: `AbortError: ${error.message}`, retryable: false };
  }
  // The message of a system error may hold an address and a port; only
  // `fetch`'s own wrapper message ("fetch failed") is worth showing.
  const found = errorCode(error);
  if (found === null) return { shape: String(error), retryable: false };
  const { code, where } = found;
  const what =
    where === "cause" ? `${error.name} "${error.message}"` : error.name;
  return {
    shape: `${what}, ${where} ${code}`,
    retryable: RETRYABLE_CODES.has(code),
  };
}
// #endregion
