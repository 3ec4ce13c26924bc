// What exercise checks (and lesson tests) need to judge how code ran: run it
// on a fresh server log, with a deadline, and collect what the server saw.
import { randomUUID } from "node:crypto";
import type { RequestRecord, ServerClient } from "../server/types.ts";

export interface Observation<T> {
  /** What the code resolved with, or null if it threw or ran out of time. */
  value: T | null;
  /** Why there is no value, in words; null when there is one. */
  error: string | null;
  /** Wall time from the call to its settling (or to the deadline). */
  ms: number;
  /** The most requests the server had in flight at once. */
  peak: number;
  /** The server's log of the run, stats requests left out. */
  requests: RequestRecord[];
}

/**
 * Reset the server's stats, call `run` with a signal that aborts at
 * `deadlineMs`, and report what happened. Never throws for the code's own
 * failures: a check turns those into words.
 */
export async function observe<T>(
  server: ServerClient,
  deadlineMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<Observation<T>> {
  await server.reset();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // Code that ignores its signal must not hang the check: the deadline wins
  // the race either way, and the late result is dropped.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`it had not finished after ${deadlineMs} ms`));
    }, deadlineMs);
  });
  const start = performance.now();
  let value: T | null = null;
  let error: string | null = null;
  try {
    const running = run(controller.signal);
    running.catch(() => {});
    value = await Promise.race([running, deadline]);
  } catch (thrown) {
    error = controller.signal.aborted
      ? `it had not finished after ${deadlineMs} ms`
      : String(thrown);
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - start;
  const stats = await server.stats();
  const requests = stats.requests.filter((r) => !r.path.startsWith("/stats"));
  return { value, error, ms, peak: stats.peakInFlight, requests };
}

/**
 * A barrier route with a key of its own: the server answers only once `count`
 * requests to it are waiting, so one-at-a-time code gets a 408 that says how
 * many arrived.
 */
export function barrierPath(count: number, timeoutMs: number): string {
  const key = randomUUID().slice(0, 8);
  return `/barrier/${count}?key=${key}&timeout=${timeoutMs}`;
}
