// Tells a concurrent `loadDashboard` from a one-at-a-time one by asking the
// server how the requests arrived, then checks that the order is kept and
// that a widget that fails makes the whole load fail at once, as
// `Promise.all` does.
import { collectUnhandledRejections } from "../../../src/lib/check-guards.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { formatMs } from "../../../src/lib/format.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

const WIDGETS = 5;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout, not for five in a row.
const DEADLINE_MS = 4000;
// Out of order on purpose: the quickest responses finish first.
const DELAYS_MS = [250, 50, 200, 100, 150];
// A widget that fails at once while a slow one is still loading.
const FAILING = "/status/500";
const WITH_FAILURE = ["/delay/600", FAILING, "/delay/100"];
// `Promise.all` rejects within milliseconds of the failure; this is far
// from both that and the 600 ms the slow widget takes.
const REJECT_WITHIN_MS = 300;

// The hints in hints.md that answer each mistake.
const HINT = { sequential: 1, startFirst: 2, order: 3, errors: 4, early: 5 };

type Impl = typeof Solution;

const OVERLAP = `the ${WIDGETS} requests overlap (peak ${WIDGETS} in flight)`;

/** Run `loadDashboard` on a fresh log, giving up after `DEADLINE_MS`;
 * then abort whatever it left running, so that nothing outlives the check. */
async function attempt(impl: Impl, server: ServerClient, paths: string[]) {
  const cleanup = new AbortController();
  const { value } = await collectUnhandledRejections(async (unhandled) => {
    const seen = await observe(server, DEADLINE_MS, async (signal) => {
      const value = await impl.loadDashboard(server.url, paths, {
        signal: AbortSignal.any([signal, cleanup.signal]),
      });
      // A copy as it was when the promise resolved: code that returned
      // early may fill its array in later.
      return Array.isArray(value) ? [...value] : value;
    });
    // Only the rejections of the code's own making: what the cleanup sets
    // off is the check's doing.
    const unhandledRejections = unhandled.length;
    cleanup.abort();
    return { ...seen, unhandledRejections };
  });
  return value;
}

/** Each request arrived only after the one before it had finished. */
function oneAfterAnother(requests: RequestRecord[]): boolean {
  return requests.every(
    (r, i) => i === 0 || r.arrivedAt >= (requests[i - 1]?.finishedAt ?? 0),
  );
}

function bodies(value: string[]): string {
  return `[${value.map((body) => JSON.stringify(body.trim())).join(", ")}]`;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["loadDashboard"]);
  if (missing) return missing;

  // The barrier answers only once all five requests with this key are
  // waiting, so code that sends them one at a time cannot get past it.
  const barrier = barrierPath(WIDGETS, BARRIER_TIMEOUT_MS);
  const together = await attempt(
    impl,
    server,
    Array.from({ length: WIDGETS }, () => barrier),
  );
  const { peak, requests } = together;
  const fail = (
    observed: string,
    hint: number | undefined,
    seen: RequestRecord[],
    details: string[] = [],
  ): Verdict => ({
    passed: false,
    expected: OVERLAP,
    observed,
    details,
    requests: seen,
    ...(hint === undefined ? {} : { hint }),
  });
  if (together.value !== null && together.value.length !== WIDGETS) {
    return fail(
      `it resolved with ${together.value.length} bodies for ${WIDGETS} ` +
        `paths, ${formatMs(together.ms)} after the call: it returned ` +
        "before the responses were in",
      HINT.early,
      requests,
    );
  }
  if (requests.length === 0) {
    const how = together.error ?? "it resolved without asking for anything";
    return fail(`no request reached the server: ${how}`, HINT.startFirst, []);
  }
  if (peak < WIDGETS) {
    const details = together.error === null ? [] : [together.error];
    if (peak <= 1 && oneAfterAnother(requests)) {
      const observed = "peak 1: they ran one after another — see the timeline";
      return fail(observed, HINT.sequential, requests, details);
    }
    const observed =
      `peak ${peak}: some requests waited for others to finish before ` +
      "they were sent — see the timeline";
    return fail(observed, HINT.startFirst, requests, details);
  }
  if (together.error !== null) {
    return fail(
      `the requests overlapped, but then: ${together.error}`,
      undefined,
      requests,
    );
  }

  const ordered = await attempt(
    impl,
    server,
    DELAYS_MS.map((ms) => `/delay/${ms}`),
  );
  const wanted = DELAYS_MS.map((ms) => `waited ${ms} ms`).join(", ");
  const got = ordered.value?.map((body) => body.trim()).join(", ");
  if (got !== wanted) {
    return {
      passed: false,
      expected: `the bodies come back in the order of the paths: ${wanted}`,
      observed: ordered.error ?? `they came back in another order: ${got}`,
      requests: ordered.requests,
      hint: HINT.order,
    };
  }

  const broken = await attempt(impl, server, WITH_FAILURE);
  const expectFailure =
    `when ${FAILING} fails, loadDashboard rejects with its error at once ` +
    `(within ${formatMs(REJECT_WITHIN_MS)}), as \`Promise.all\` does`;
  const failed = (observed: string, hint: number): Verdict => ({
    passed: false,
    expected: expectFailure,
    observed,
    requests: broken.requests,
    hint,
  });
  if (broken.unhandledRejections > 0) {
    return failed(
      `the failure of ${FAILING} was an unhandled rejection: nothing was ` +
        "listening to its promise when it failed, and on its own Node " +
        "ends the process with exit code 1 for that",
      HINT.errors,
    );
  }
  if (broken.value !== null) {
    return failed(
      `it resolved although ${FAILING} failed, with ` +
        `${bodies(broken.value)}: the error was swallowed`,
      HINT.errors,
    );
  }
  if (!broken.error?.includes(FAILING)) {
    return failed(
      `it rejected with ${broken.error ?? "nothing"}, not with the ` +
        `error of ${FAILING}`,
      HINT.errors,
    );
  }
  if (broken.ms > REJECT_WITHIN_MS) {
    return failed(
      `it rejected only after ${formatMs(broken.ms)}, once the slow ` +
        "widget was in, although the failure came at once",
      HINT.errors,
    );
  }
  return {
    passed: true,
    expected: `${OVERLAP}, with the bodies in the order of the paths`,
    observed:
      `peak ${peak} in flight, the bodies came back in order, and a ` +
      `failure rejected it after ${formatMs(broken.ms)}`,
    requests: together.requests,
  };
}
