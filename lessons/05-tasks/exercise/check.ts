// Tells an `allOrNothing` that stops the other tasks on a failure, and waits
// for them, from one that leaves them running or walks away from them. The
// check's own tasks are real requests; they note in this process when their
// signal aborted and when they settled, and the server's log shows the rest.
import { collectUnhandledRejections } from "../../../src/lib/check-guards.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { formatMs } from "../../../src/lib/format.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const DEADLINE_MS = 5000;
// Out of order on purpose: the quickest responses finish first.
const DELAYS_MS = [300, 100, 200];
const SLOW_PATH = "/delay/3000";
// An aborted slow task cleans up with a request of its own, this long.
const CLEANUP_PATH = "/delay/250";
// A barrier that waits for a partner who never comes: it answers 408
// after this long, which `fetchPath` turns into an error.
const FAIL_AFTER_MS = 400;
// When the check itself aborts the caller's signal.
const CALLER_ABORTS_AFTER_MS = 300;
// How long the slow tasks may take to be aborted after the failure.
const STOP_WITHIN_MS = 1000;

// The hints in hints.md that answer each mistake.
const HINT = {
  abort: 1,
  signals: 2,
  wait: 3,
  firstFailure: 4,
  start: 5,
  swallowed: 6,
};

const EXPECTED =
  "when one task fails, the others are aborted at once, and the call " +
  "rejects with that failure only once every task has settled, cleanup " +
  "included";

/** What happened to one of the check's slow tasks, in this process. */
interface SlowTask {
  abortedAt?: number;
  settledAt?: number;
}

/** The check's tasks. Every request also stops with `cleanup`, so that
 * nothing the check started outlives it, whatever the code did. */
function taskMaker(server: ServerClient, cleanup: AbortSignal) {
  const both = (signal: AbortSignal) => AbortSignal.any([signal, cleanup]);
  return {
    fetch: (path: string) => (signal: AbortSignal) =>
      fetchPath(server.url, path, { signal: both(signal) }),
    /** A request that notes when the signal it was given aborted. */
    noting: (seen: SlowTask, path: string) => (signal: AbortSignal) => {
      signal.addEventListener("abort", () => {
        seen.abortedAt = performance.now();
      });
      return fetchPath(server.url, path, { signal: both(signal) });
    },
    /** A slow request that, once aborted, cleans up for `CLEANUP_PATH`. */
    slow: (seen: SlowTask) => async (signal: AbortSignal) => {
      signal.addEventListener("abort", () => {
        seen.abortedAt = performance.now();
      });
      try {
        return await fetchPath(server.url, SLOW_PATH, { signal: both(signal) });
      } finally {
        if (signal.aborted) {
          await fetchPath(server.url, CLEANUP_PATH, { signal: cleanup });
        }
        seen.settledAt = performance.now();
      }
    },
  };
}

/** Run `allOrNothing` on a fresh log; note when its promise settled. */
async function attempt(
  server: ServerClient,
  run: (signal: AbortSignal) => Promise<string[]>,
) {
  const guarded = await collectUnhandledRejections(() => {
    let settledAt = Number.NaN;
    return observe(server, DEADLINE_MS, (signal) =>
      run(signal).finally(() => {
        settledAt = performance.now();
      }),
    ).then((seen) => ({ ...seen, settledAt }));
  });
  return guarded.value;
}

/** The log once the slow requests have ended, or after `STOP_WITHIN_MS`. */
async function logOnceStopped(server: ServerClient) {
  const deadline = performance.now() + STOP_WITHIN_MS;
  for (;;) {
    const requests = (await server.stats()).requests.filter(
      (r) => !r.path.startsWith("/stats"),
    );
    const running = requests.filter(
      (r) => r.path === SLOW_PATH && r.outcome === "in-flight",
    );
    if (running.length === 0 || performance.now() >= deadline) {
      return { requests, running: running.length };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function fail(
  expected: string,
  observed: string,
  requests: RequestRecord[],
  hint: number | undefined,
  details: string[] = [],
): Verdict {
  const verdict = { passed: false, expected, observed, requests, details };
  return hint === undefined ? verdict : { ...verdict, hint };
}

/** Each request arrived only after the one before it had finished. */
function oneAfterAnother(requests: RequestRecord[]): boolean {
  return requests.every(
    (r, i) => i === 0 || r.arrivedAt >= (requests[i - 1]?.finishedAt ?? 0),
  );
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["allOrNothing"]);
  if (missing) return missing;
  const cleanup = new AbortController();
  try {
    return (
      (await allGoesWell(impl, server, cleanup.signal)) ??
      (await oneFails(impl, server, cleanup.signal)) ??
      (await callerAborts(impl, server, cleanup.signal))
    );
  } finally {
    cleanup.abort();
  }
}

/** All goes well: the tasks overlap and keep their order. */
async function allGoesWell(
  impl: Impl,
  server: ServerClient,
  cleanup: AbortSignal,
): Promise<Verdict | null> {
  const make = taskMaker(server, cleanup);
  const tasks = DELAYS_MS.map((ms) => make.fetch(`/delay/${ms}`));
  const ok = await attempt(server, async (signal) => [
    // A copy as it was when the promise resolved.
    ...(await impl.allOrNothing(tasks, { signal })),
  ]);
  const wanted = DELAYS_MS.map((ms) => `waited ${ms} ms`).join(", ");
  const got = ok.value?.map((body) => body.trim()).join(", ");
  const expected =
    `the ${tasks.length} tasks run at once (peak ${tasks.length}) and ` +
    `their results come back in order: ${wanted}`;
  if (ok.requests.length === 0) {
    const how = ok.error ?? "it resolved without starting them";
    return fail(expected, `no task was started: ${how}`, [], HINT.start);
  }
  if (ok.peak < tasks.length) {
    const how = oneAfterAnother(ok.requests)
      ? "the tasks ran one after another"
      : "some tasks waited for others";
    const observed = `peak ${ok.peak} in flight: ${how}`;
    return fail(expected, observed, ok.requests, HINT.start);
  }
  if (ok.error !== null) {
    const observed = ok.error.startsWith("it had not finished")
      ? `it had not settled ${formatMs(DEADLINE_MS)} after the call, ` +
        "although every task had finished"
      : `it rejected although every task succeeded: ${ok.error}`;
    return fail(expected, observed, ok.requests, undefined);
  }
  if (got !== wanted) {
    const observed = `the results came back as: ${got}`;
    return fail(expected, observed, ok.requests, HINT.start);
  }
  return null;
}

/** One task fails while two slow ones are still waiting. */
async function oneFails(
  impl: Impl,
  server: ServerClient,
  cleanup: AbortSignal,
): Promise<Verdict | null> {
  const make = taskMaker(server, cleanup);
  const first: SlowTask = {};
  const second: SlowTask = {};
  const slow = [first, second];
  const tasks = [
    make.slow(first),
    make.fetch(barrierPath(2, FAIL_AFTER_MS)),
    make.slow(second),
  ];
  const broken = await attempt(server, (signal) =>
    impl.allOrNothing(tasks, { signal }),
  );
  const { requests, running } = await logOnceStopped(server);
  const rejectedAfter = formatMs(broken.ms);
  if (broken.error === null) {
    return fail(
      EXPECTED,
      `it resolved although a task failed (the 408 of the barrier), with ` +
        `${JSON.stringify(broken.value)}: the failure was swallowed`,
      requests,
      HINT.swallowed,
    );
  }
  const notAborted = slow.filter((s) => s.abortedAt === undefined).length;
  if (notAborted > 0 || running > 0) {
    const then =
      running > 0
        ? `they were still running ${formatMs(STOP_WITHIN_MS)} later — ` +
          "see the timeline"
        : "it rejected only once they had run to their end";
    return fail(
      EXPECTED,
      `it rejected after ${rejectedAfter}, but ${notAborted} of the ` +
        `${slow.length} tasks requesting ${SLOW_PATH} were never aborted: ` +
        then,
      requests,
      HINT.abort,
      running > 0
        ? ["the check aborted them itself after that, to leave nothing running"]
        : [],
    );
  }
  const unsettled = slow.filter(
    (s) => s.settledAt === undefined || s.settledAt > broken.settledAt,
  ).length;
  if (unsettled > 0) {
    return fail(
      EXPECTED,
      `it aborted the other tasks, but rejected after ${rejectedAfter}, ` +
        `before the aborted tasks had settled: ${unsettled} of ` +
        `${slow.length} were still cleaning up (${CLEANUP_PATH})`,
      requests,
      HINT.wait,
    );
  }
  if (!broken.error.includes("answered 408")) {
    return fail(
      EXPECTED,
      `it rejected with "${broken.error}" instead of the failure that ` +
        "started it (the 408 from the barrier)",
      requests,
      HINT.firstFailure,
    );
  }
  return null;
}

/** The caller aborts: every task stops, and the call rejects. */
async function callerAborts(
  impl: Impl,
  server: ServerClient,
  cleanup: AbortSignal,
): Promise<Verdict> {
  const make = taskMaker(server, cleanup);
  const seen: SlowTask[] = [{}, {}];
  const tasks = seen.map((task) => make.noting(task, SLOW_PATH));
  const caller = AbortSignal.timeout(CALLER_ABORTS_AFTER_MS);
  const aborted = await attempt(server, (signal) =>
    impl.allOrNothing(tasks, { signal: AbortSignal.any([signal, caller]) }),
  );
  const { requests, running } = await logOnceStopped(server);
  const expected =
    "when the caller's signal aborts, every task is aborted and the call " +
    "rejects";
  const notAborted = seen.filter((s) => s.abortedAt === undefined).length;
  if (notAborted > 0 || running > 0) {
    return fail(
      expected,
      `the caller's signal aborted after ${formatMs(CALLER_ABORTS_AFTER_MS)}, ` +
        `but ${notAborted} of the ${tasks.length} tasks were never aborted ` +
        "and ran on: the tasks never got the caller's signal",
      requests,
      HINT.signals,
    );
  }
  if (aborted.error === null) {
    return fail(
      expected,
      "it resolved although the caller's signal aborted",
      requests,
      HINT.swallowed,
    );
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      "on a failure it aborted the other tasks, waited for their cleanup " +
      "and rejected with the 408; a caller's abort stopped every task",
    requests,
  };
}
