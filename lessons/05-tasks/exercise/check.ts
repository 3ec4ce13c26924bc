// Tells a `fetchAllOrNothing` that stops the other requests on a failure from
// one that leaves them running, by asking the server what happened to them.
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const DEADLINE_MS = 5000;
// Out of order on purpose: the quickest responses finish first.
const DELAYS_MS = [300, 100, 200];
const SLOW_PATH = "/delay/3000";
// A barrier that waits for a partner who never comes: it answers 408
// after this long, which `fetchPath` turns into an error.
const FAIL_AFTER_MS = 400;
// How long the slow requests may take to end after the failure.
const STOP_WITHIN_MS = 1000;
const POLL_MS = 20;

const EXPECTED =
  "when one request fails, the other requests are aborted at once and the " +
  "call rejects with that failure";

/** The slow requests as the server logs them, once they have ended or `STOP_WITHIN_MS` has passed. */
async function slowRequestsAfter(server: ServerClient) {
  const deadline = performance.now() + STOP_WITHIN_MS;
  for (;;) {
    const slow = (await server.stats()).requests.filter(
      (r) => r.path === SLOW_PATH,
    );
    const running = slow.filter((r) => r.outcome === "in-flight");
    if (running.length === 0 || performance.now() >= deadline) {
      return { slow, running };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function fail(
  expected: string,
  observed: string,
  requests: RequestRecord[],
  details: string[] = [],
): Verdict {
  return { passed: false, expected, observed, requests, details };
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  // First, all goes well: the requests overlap and keep their order.
  const paths = DELAYS_MS.map((ms) => `/delay/${ms}`);
  const ok = await observe(server, DEADLINE_MS, (signal) =>
    impl.fetchAllOrNothing(server.url, paths, { signal }),
  );
  const wanted = DELAYS_MS.map((ms) => `waited ${ms} ms`).join(", ");
  const got = ok.value?.map((body) => body.trim()).join(", ");
  if (ok.peak < paths.length || got !== wanted) {
    return fail(
      `the ${paths.length} requests overlap (peak ${paths.length}) and the bodies come back in order: ${wanted}`,
      ok.error ?? `peak ${ok.peak} in flight; the bodies: ${got}`,
      ok.requests,
    );
  }

  // Then one request fails while two slow ones are still waiting.
  const failing = barrierPath(2, FAIL_AFTER_MS);
  const cleanup = new AbortController();
  const broken = await observe(server, DEADLINE_MS, (signal) =>
    impl.fetchAllOrNothing(server.url, [SLOW_PATH, failing, SLOW_PATH], {
      signal: AbortSignal.any([signal, cleanup.signal]),
    }),
  );
  const { slow, running } = await slowRequestsAfter(server);
  // Stop whatever the code left running, so the check leaves nothing behind.
  cleanup.abort();
  const requests = (await server.stats()).requests.filter(
    (r) => !r.path.startsWith("/stats"),
  );
  if (broken.error === null) {
    return fail(EXPECTED, "it resolved although a request failed", requests);
  }
  if (running.length > 0) {
    return fail(
      EXPECTED,
      `it rejected after ${Math.round(broken.ms)} ms, but ${running.length} of the ${slow.length} requests to ${SLOW_PATH} were still running ${STOP_WITHIN_MS} ms later — see the timeline`,
      requests,
      [`the check aborted them itself after that, to leave nothing running`],
    );
  }
  if (!broken.error.includes("answered 408")) {
    return fail(
      EXPECTED,
      `it rejected with "${broken.error}" instead of the request that failed (a 408 from the barrier)`,
      requests,
    );
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed: `it rejected after ${Math.round(broken.ms)} ms with the 408, and both requests to ${SLOW_PATH} were aborted`,
    requests,
  };
}
