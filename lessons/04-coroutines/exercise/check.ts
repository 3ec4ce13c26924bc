// Gives `firstAnswer` paths that fail in different ways before one that
// works, and reads the server's log to see which were tried, and how.
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { observe } from "../../../src/lib/observe.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

// A 503 is an answer; a reset is an error. Only /delay/50 answers 200, and
// /bar must never be asked for.
const MIXED = ["/status/503", "/fault/reset", "/delay/50", "/bar"];
const TRIED = MIXED.slice(0, 3);
const ALL_FAIL = ["/status/500", "/fault/close-early"];
// Time for the three requests many times over.
const DEADLINE_MS = 3000;

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

function attempt(impl: Impl, server: ServerClient, paths: string[]) {
  return observe(server, DEADLINE_MS, (signal) =>
    untilAborted(impl.firstAnswer(server.url, paths, { signal }), signal),
  );
}

function describeLog(requests: RequestRecord[]): string {
  const each = requests.map((r) => `${r.path} (${r.outcome} ${r.status})`);
  return `the server saw: ${each.join(", ") || "no request"}`;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const mixed = await attempt(impl, server, MIXED);
  const { requests, peak } = mixed;
  const fail = (observed: string, details: string[] = []): Verdict => ({
    passed: false,
    expected: EXPECTED,
    observed,
    details: [...details, describeLog(requests)],
    requests,
  });

  const last = requests.at(-1);
  if (mixed.error !== null && last?.outcome === "reset") {
    const how = mixed.error.startsWith("it had not finished")
      ? `it had not settled ${formatMs(DEADLINE_MS)} later: the promise ` +
        "for that request never settled"
      : `it rejected with ${mixed.error}, instead of trying the next path`;
    return fail(`the server reset ${last.path}, and ${how}`);
  }
  if (mixed.error !== null) return fail(`it failed: ${mixed.error}`);
  const early = requests.find(
    (r, i) => i > 0 && r.arrivedAt < (requests[i - 1]?.finishedAt ?? 0),
  );
  if (early !== undefined) {
    return fail(
      `${early.path} was sent before the path before it had its answer ` +
        `(peak ${peak} in flight): try one path at a time`,
    );
  }
  const paths = requests.map((r) => r.path);
  if (paths.join() !== TRIED.join()) {
    return fail(`it requested ${paths.join(", ")}`);
  }
  const { value } = mixed;
  if (value?.path !== "/delay/50" || value.body !== "waited 50 ms\n") {
    return fail(`it resolved with ${JSON.stringify(value)}`);
  }

  const allFail = await attempt(impl, server, ALL_FAIL);
  const named = ALL_FAIL.every((path) => allFail.error?.includes(path));
  if (allFail.value !== null || !named) {
    return {
      passed: false,
      expected: `when every path fails, firstAnswer rejects with an error naming each: ${ALL_FAIL.join(", ")}`,
      observed: allFail.error
        ? `it rejected with ${allFail.error}`
        : `it resolved with ${JSON.stringify(allFail.value)}`,
      requests: allFail.requests,
    };
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed: `it tried ${paths.join(", ")} in turn (peak ${peak}) and answered with /delay/50; when all failed it rejected with ${allFail.error}`,
    requests,
  };
}
