// Tells a `firstSuccesses` that takes answers as they complete from one that
// waits for the whole batch, keeps input order, lets the slow requests run
// on, gives up on a failure, ignores its caller's signal or hides a
// shortfall, by asking the server how each request went.
import { setTimeout as sleep } from "node:timers/promises";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import { settledLog } from "../../../src/server/settled.ts";
import type * as Solution from "./solution.ts";

const BATCH = 4;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout or the slowest delay, not for more.
const DEADLINE_MS = 4000;
// Two quick answers among two slow ones, slow first: in input order the
// first two bodies would be the 1200 ms one and the 100 ms one.
const DELAYS_MS = [1200, 100, 2000, 300];
const K = 2;
// The second success is in after 300 ms, the next answer after 1200 ms: a call
// that has not resolved by this time waited for a slow request.
const RETURN_BY_MS = 900;
const WITH_FAILURES = [
  "/status/500",
  "/delay/100",
  "/status/503",
  "/delay/250",
];
// Only one of these can succeed, so K of them cannot.
const TOO_FEW = ["/status/500", "/delay/100", "/status/503"];
// Slow requests, and a caller who aborts long before any can answer.
const CALLER_PATHS = ["/delay/1500", "/delay/1500", "/delay/1500"];
const CALLER_ABORT_AT_MS = 200;
// How soon after the abort the call must reject to count as prompt.
const CALLER_SLACK_MS = 400;

// Hints in hints.md, by the mistake they answer.
const HINT = {
  inputOrder: 1,
  failureEnds: 2,
  waitedForAll: 3,
  noAbort: 4,
  callerSignal: 5,
  tooFew: 6,
  oneByOne: 7,
} as const;

type Impl = typeof Solution;

function attempt(impl: Impl, server: ServerClient, paths: string[], k: number) {
  return observe(server, DEADLINE_MS, (signal) =>
    impl.firstSuccesses(server.url, paths, k, { signal }),
  );
}

const bodies = (value: string[] | null) =>
  value?.map((body) => body.trim()).join(", ");
const waited = (delays: number[]) =>
  delays.map((ms) => `waited ${ms} ms`).join(", ");

/** All at once: the barrier answers only when the whole batch is waiting. */
async function overlaps(impl: Impl, server: ServerClient) {
  const barrier = barrierPath(BATCH, BARRIER_TIMEOUT_MS);
  const paths = Array.from({ length: BATCH }, () => barrier);
  const seen = await attempt(impl, server, paths, BATCH);
  if (seen.peak >= BATCH && seen.error === null) return null;
  return {
    passed: false,
    hint: seen.peak >= BATCH ? HINT.failureEnds : HINT.oneByOne,
    expected: `the ${BATCH} requests start at once (peak ${BATCH} in flight)`,
    observed:
      seen.peak >= BATCH
        ? `the requests overlapped, but then: ${seen.error}`
        : `peak ${seen.peak}: ${seen.peak <= 1 ? "they ran one after another" : "some waited for others"} — see the timeline`,
    details: seen.error === null ? [] : [seen.error],
    requests: seen.requests,
  };
}

/** A failure is one answer fewer, not the end of the call. */
async function skipsFailures(impl: Impl, server: ServerClient) {
  const seen = await attempt(impl, server, WITH_FAILURES, K);
  const wanted = waited([100, 250]);
  const got = bodies(seen.value);
  if (got === wanted) return null;
  return {
    passed: false,
    hint: seen.error === null ? HINT.waitedForAll : HINT.failureEnds,
    expected: `with ${WITH_FAILURES.join(", ")} and k = ${K}, the two failures are skipped and it resolves with: ${wanted}`,
    observed:
      seen.error === null
        ? `it resolved with: ${got}`
        : `it rejected instead of skipping the failure: ${seen.error}`,
    requests: seen.requests,
  };
}

/** When the server finished the `n`th successful request. */
function nthSuccessAt(log: RequestRecord[], n: number): number {
  const finished = log
    .filter((r) => r.status === 200 && r.finishedAt !== null)
    .map((r) => r.finishedAt ?? 0)
    .toSorted((a, b) => a - b);
  return finished[n - 1] ?? Number.NaN;
}

/** The quick answers, in finishing order, as soon as they are in; the slow
 * requests aborted. */
async function takesFirstK(impl: Impl, server: ServerClient) {
  const paths = DELAYS_MS.map((ms) => `/delay/${ms}`);
  const slow = paths.filter((_, i) => (DELAYS_MS[i] ?? 0) > RETURN_BY_MS);
  const seen = await attempt(impl, server, paths, K);
  const fail = (
    expected: string,
    observed: string,
    hint: number,
    log = seen.requests,
  ) => ({ passed: false, expected, observed, hint, requests: log });
  const wanted = waited([100, 300]);
  const got = bodies(seen.value);
  if (got !== wanted) {
    const inputOrder = got === waited(DELAYS_MS.slice(0, K));
    return fail(
      `with ${paths.join(", ")} and k = ${K}, it resolves with the two that finish first, in the order they finish: ${wanted}`,
      seen.error ??
        (inputOrder
          ? `after ${formatMs(seen.ms)} it resolved with ${got}: the first ${K} in the order of the paths, not the first ${K} to finish`
          : `after ${formatMs(seen.ms)} it resolved with: ${got}`),
      inputOrder ? HINT.inputOrder : HINT.waitedForAll,
    );
  }
  const kthAt = nthSuccessAt(seen.requests, K);
  if (seen.ms > RETURN_BY_MS) {
    return fail(
      `it resolves as soon as ${K} successes are in, well within ${formatMs(RETURN_BY_MS)}`,
      `it resolved after ${formatMs(seen.ms)}, but its ${K} successes were in at ${formatMs(kthAt)} (server log): it waited for the slow requests`,
      HINT.waitedForAll,
    );
  }
  const log = await settledLog(server, Math.max(...DELAYS_MS) + 500);
  const notAborted = log.filter(
    (r) => slow.includes(r.path) && r.outcome !== "aborted",
  );
  if (notAborted.length > 0) {
    const how = notAborted.map((r) =>
      r.finishedAt === null
        ? `${r.path} was still ${r.outcome}`
        : `${r.path} ended ${r.outcome} at ${formatMs(r.finishedAt)}`,
    );
    return fail(
      `once it has ${K} answers, ${slow.join(" and ")} end aborted in the server's log`,
      `it resolved after ${formatMs(seen.ms)}, but ${how.join(" and ")}: nothing aborted them`,
      HINT.noAbort,
      log,
    );
  }
  return { ms: seen.ms, requests: log };
}

/**
 * The caller aborts while every request is still running: the call rejects
 * at once with the caller's reason, and every request ends aborted. Timed
 * here rather than with `observe`, whose own deadline would end the race on
 * time whether or not the code listened to the caller.
 */
async function obeysTheCaller(impl: Impl, server: ServerClient) {
  await server.reset();
  const caller = new AbortController();
  const abortTimer = setTimeout(() => caller.abort(), CALLER_ABORT_AT_MS);
  const start = performance.now();
  let outcome: string | undefined;
  let rejection: unknown;
  const running = impl
    .firstSuccesses(server.url, CALLER_PATHS, K, { signal: caller.signal })
    .then(
      (value) => {
        outcome = `it resolved with ${bodies(value)}`;
      },
      (error: unknown) => {
        rejection = error;
        outcome = `it rejected with ${String(error)}`;
      },
    );
  const stopWatching = new AbortController();
  const watchLimit = sleep(
    CALLER_ABORT_AT_MS + CALLER_SLACK_MS * 2,
    undefined,
    { signal: stopWatching.signal },
  ).catch(() => {});
  await Promise.race([running, watchLimit]);
  stopWatching.abort();
  clearTimeout(abortTimer);
  const lateMs = performance.now() - start - CALLER_ABORT_AT_MS;
  // What had happened by then; a late result must not count.
  const then = outcome;
  const log = await settledLog(server, 2000);
  const expected = `when the caller aborts at ${formatMs(CALLER_ABORT_AT_MS)}, it rejects at once with the caller's AbortError, and every request ends aborted`;
  const fail = (observed: string) => ({
    passed: false,
    expected,
    observed,
    hint: HINT.callerSignal,
    requests: log,
  });
  if (then === undefined || lateMs > CALLER_SLACK_MS) {
    return fail(
      `the caller aborted at ${formatMs(CALLER_ABORT_AT_MS)}, and ${formatMs(lateMs)} later it had still not settled (in the end ${outcome ?? "it never did"}): the caller's signal must reach every request`,
    );
  }
  if ((rejection as Error | undefined)?.name !== "AbortError") {
    return fail(
      `the caller aborted at ${formatMs(CALLER_ABORT_AT_MS)}, and then ${outcome}, not with the caller's AbortError`,
    );
  }
  const notAborted = log.filter((r) => r.outcome !== "aborted");
  if (notAborted.length > 0) {
    return fail(
      `it rejected in time, but ${notAborted.map((r) => `${r.path} ended ${r.outcome}`).join(", ")}: the caller's signal must reach every request`,
    );
  }
  return null;
}

/** Fewer than `K` can succeed: reject, saying how many did. */
async function rejectsTooFew(impl: Impl, server: ServerClient) {
  const seen = await attempt(impl, server, TOO_FEW, K);
  const expected = `with ${TOO_FEW.join(", ")} and k = ${K}, it rejects with an error that says 1 succeeded`;
  const fail = (observed: string) => ({
    passed: false,
    expected,
    observed,
    hint: HINT.tooFew,
    requests: seen.requests,
  });
  if (seen.error === null) {
    const n = seen.value?.length ?? 0;
    return fail(
      `it resolved with ${n} body(ies) (${bodies(seen.value)}) although k = ${K}: a shortfall must reject, not pass as an answer`,
    );
  }
  if (!/\b1\b/.test(seen.error)) {
    return fail(
      `it rejected, but its error does not say that 1 succeeded: ${seen.error}`,
    );
  }
  return null;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["firstSuccesses"]);
  if (missing !== undefined) return missing;
  const failure =
    (await overlaps(impl, server)) ?? (await skipsFailures(impl, server));
  if (failure !== null) return failure;
  const firstK = await takesFirstK(impl, server);
  if ("passed" in firstK) return firstK;
  const caller = await obeysTheCaller(impl, server);
  if (caller !== null) return caller;
  const tooFew = await rejectsTooFew(impl, server);
  if (tooFew !== null) return tooFew;
  return {
    passed: true,
    expected: `the requests start at once, failures are skipped, the first ${K} bodies come back in finishing order as soon as they are in, the rest are aborted, a caller's abort stops them all, and too few successes reject`,
    observed: `peak ${BATCH} in flight; it resolved after ${formatMs(firstK.ms)} with ${waited([100, 300])}, and the slow requests ended aborted; the caller's abort rejected it at once and aborted every request`,
    requests: firstK.requests,
  };
}
