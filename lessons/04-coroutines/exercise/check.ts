// Gives `firstAnswer` paths that fail in different ways before one that
// works, and reads the server's log to see which were tried, and how.
import { collectUnhandledRejections } from "../../../src/lib/check-guards.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { observe } from "../../../src/lib/observe.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

// A 503 is an answer; a reset is an error. Only /delay/50 answers 200, and
// /bar must never be asked for.
const MIXED = ["/status/503", "/fault/reset", "/delay/50", "/bar"];
const GOOD = "/delay/50";
const TRIED = MIXED.slice(0, 3);
const ALL_FAIL = ["/status/500", "/fault/close-early"];
// Time for the three requests many times over.
const DEADLINE_MS = 3000;
// A callback that comes at once (on the next tick) needs no more than this.
const SETTLE_MS = 500;

// The hints in hints.md that answer each mistake.
const HINT = {
  settle: 1,
  settleAll: 2,
  tryCatch: 3,
  oneAtATime: 4,
  only200: 5,
  allFailed: 6,
};

const EXPECTED =
  "firstAnswer tries /status/503 (a 503), then /fault/reset (a reset), " +
  "one at a time, and resolves with the body of /delay/50; /bar is never " +
  "requested";

/** Reject when `signal` aborts, even if `promise` never settles. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal) {
  const { promise: aborted, reject } = Promise.withResolvers<never>();
  signal.addEventListener("abort", () => reject(signal.reason), {
    once: true,
  });
  return Promise.race([promise, aborted]);
}

async function attempt(impl: Impl, server: ServerClient, paths: string[]) {
  // Code that starts every request at once may leave a rejection with no
  // handler: that must not end the check's process.
  const guarded = await collectUnhandledRejections(() =>
    observe(server, DEADLINE_MS, (signal) =>
      untilAborted(impl.firstAnswer(server.url, paths, { signal }), signal),
    ),
  );
  return guarded.value;
}

/**
 * `httpGet` calls back with neither an error nor a response when its signal
 * was aborted with a `null` reason. A promise wrapper must settle then too.
 */
async function callsBackWithNothing(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict | null> {
  const missing = missingExports(impl, ["getResponse"]);
  if (missing) return missing;
  const controller = new AbortController();
  controller.abort(null);
  const outcome = await observe(server, SETTLE_MS, (signal) =>
    untilAborted(
      impl.getResponse(`${server.url}/delay/50`, { signal: controller.signal }),
      signal,
    ),
  );
  if (outcome.error !== null && !outcome.error.startsWith("it had not")) {
    return null;
  }
  return {
    passed: false,
    expected:
      "getResponse settles however `httpGet` calls back, also with neither " +
      "an error nor a response (as it does when its signal was aborted " +
      "with a null reason): then it rejects",
    observed:
      outcome.error === null
        ? `it resolved with ${JSON.stringify(outcome.value)}`
        : `it had not settled ${formatMs(SETTLE_MS)} later: the promise ` +
          "never settled",
    requests: outcome.requests,
    hint: HINT.settleAll,
  };
}

function describeLog(requests: RequestRecord[]): string {
  const each = requests.map((r) => `${r.path} (${r.outcome} ${r.status})`);
  return `the server saw: ${each.join(", ") || "no request"}`;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["firstAnswer"]);
  if (missing) return missing;

  const mixed = await attempt(impl, server, MIXED);
  const { requests, peak, value } = mixed;
  const fail = (
    observed: string,
    hint: number | undefined,
    details: string[] = [],
  ): Verdict => ({
    passed: false,
    expected: EXPECTED,
    observed,
    details: [...details, describeLog(requests)],
    requests,
    ...(hint === undefined ? {} : { hint }),
  });

  const early = requests.find(
    (r, i) => i > 0 && r.arrivedAt < (requests[i - 1]?.finishedAt ?? 0),
  );
  if (early !== undefined) {
    return fail(
      `${early.path} was sent before the path before it had its answer ` +
        `(peak ${peak} in flight): try one path at a time`,
      HINT.oneAtATime,
    );
  }
  const last = requests.at(-1);
  if (mixed.error !== null && last?.outcome === "reset") {
    if (mixed.error.startsWith("it had not finished")) {
      return fail(
        `the server reset ${last.path}, and it had not settled ` +
          `${formatMs(DEADLINE_MS)} later: the promise for that request ` +
          "never settled",
        HINT.settle,
      );
    }
    return fail(
      `the server reset ${last.path}, and it rejected with ` +
        `${mixed.error}, instead of trying the next path`,
      HINT.tryCatch,
    );
  }
  if (mixed.error !== null) return fail(`it failed: ${mixed.error}`, undefined);
  if (value !== null && value.path !== GOOD) {
    const answered = requests.find((r) => r.path === value.path);
    const status = answered === undefined ? "" : `, a ${answered.status}`;
    return fail(
      `it resolved with the answer of ${value.path}${status}: only a 200 ` +
        "is the answer we are after",
      HINT.only200,
    );
  }
  const paths = requests.map((r) => r.path);
  if (paths.includes("/bar")) {
    return fail(
      `it went on to request /bar after ${GOOD} had answered 200: the ` +
        "search is over at the first 200",
      HINT.only200,
    );
  }
  if (paths.join() !== TRIED.join()) {
    return fail(`it requested ${paths.join(", ")}`, undefined);
  }
  if (value?.body !== "waited 50 ms\n") {
    return fail(`it resolved with ${JSON.stringify(value)}`, HINT.only200);
  }

  const allFail = await attempt(impl, server, ALL_FAIL);
  const named = ALL_FAIL.every((path) => allFail.error?.includes(path));
  if (allFail.value !== null || !named) {
    const expected =
      "when every path fails, firstAnswer rejects with an error naming " +
      `each: ${ALL_FAIL.join(", ")}`;
    const observed =
      allFail.value !== null
        ? `it resolved with ${JSON.stringify(allFail.value)} although ` +
          "every path failed"
        : `it rejected with ${allFail.error}, which does not name each ` +
          "path that failed";
    return {
      passed: false,
      expected,
      observed,
      requests: allFail.requests,
      hint: HINT.allFailed,
    };
  }
  const nothing = await callsBackWithNothing(impl, server);
  if (nothing !== null) return nothing;
  return {
    passed: true,
    expected: EXPECTED,
    observed: `it tried ${paths.join(", ")} in turn (peak ${peak}) and answered with ${GOOD}; when all failed it rejected with ${allFail.error}`,
    requests,
  };
}
