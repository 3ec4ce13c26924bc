// Tells a concurrent `loadDashboard` from a one-at-a-time one by asking the
// server how the requests arrived, then checks that the order is kept.
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

const WIDGETS = 5;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout, not for five in a row.
const DEADLINE_MS = 4000;
// Out of order on purpose: the quickest responses finish first.
const DELAYS_MS = [250, 50, 200, 100, 150];

type Impl = typeof Solution;

const OVERLAP = `the ${WIDGETS} requests overlap (peak ${WIDGETS} in flight)`;

/** Run `loadDashboard` on a fresh log, giving up after `DEADLINE_MS`. */
function attempt(impl: Impl, server: ServerClient, paths: string[]) {
  return observe(server, DEADLINE_MS, (signal) =>
    impl.loadDashboard(server.url, paths, { signal }),
  );
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  // The barrier answers only once all five requests with this key are
  // waiting, so code that sends them one at a time cannot get past it.
  const barrier = barrierPath(WIDGETS, BARRIER_TIMEOUT_MS);
  const together = await attempt(
    impl,
    server,
    Array.from({ length: WIDGETS }, () => barrier),
  );
  const { peak } = together;
  if (peak < WIDGETS) {
    const how =
      peak <= 1
        ? "they ran one after another — see the timeline"
        : "some waited for others to finish — see the timeline";
    return {
      passed: false,
      expected: OVERLAP,
      observed: `peak ${peak}: ${how}`,
      details: together.error === null ? [] : [together.error],
      requests: together.requests,
    };
  }
  if (together.error !== null) {
    return {
      passed: false,
      expected: OVERLAP,
      observed: `the requests overlapped, but then: ${together.error}`,
      requests: together.requests,
    };
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
      observed: ordered.error ?? `they came back as: ${got}`,
      requests: ordered.requests,
    };
  }
  return {
    passed: true,
    expected: `${OVERLAP}, with the bodies in the order of the paths`,
    observed: `peak ${peak} in flight, and the bodies came back in order`,
    requests: together.requests,
  };
}
