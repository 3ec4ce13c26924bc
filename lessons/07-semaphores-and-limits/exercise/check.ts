// Tells a limited `mapWithLimit` from one that runs one call at a time or
// all of them at once, by the server's peak of requests in flight.
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

const LIMIT = 4;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout and the delays after it.
const DEADLINE_MS = 5000;
// Different delays, so that a worker that finishes early takes the next one.
const DELAYS_MS = [120, 40, 80, 60, 100, 20, 140, 30];

type Impl = typeof Solution;

const EXPECTED = `exactly ${LIMIT} requests in flight at the peak, never more`;

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  // The first LIMIT paths meet at a barrier that answers only once LIMIT
  // requests wait together: a correct answer reaches the limit for sure.
  const barrier = barrierPath(LIMIT, BARRIER_TIMEOUT_MS);
  const paths = [
    ...Array.from({ length: LIMIT }, () => barrier),
    ...DELAYS_MS.map((ms) => `/delay/${ms}`),
  ];
  const run = await observe(server, DEADLINE_MS, (signal) =>
    impl.mapWithLimit(paths, LIMIT, (path) =>
      fetchPath(server.url, path, { signal }),
    ),
  );
  const { peak, requests } = run;
  const details = run.error === null ? [] : [run.error];
  const fail = (observed: string, expected = EXPECTED): Verdict => ({
    passed: false,
    expected,
    observed,
    details,
    requests,
  });
  if (peak > LIMIT) {
    return fail(
      `peak ${peak} in flight, over the limit of ${LIMIT}: it ignored the limit`,
    );
  }
  if (peak <= 1) {
    return fail(
      `peak ${peak}: the calls ran one after another — see the timeline`,
    );
  }
  if (peak < LIMIT) {
    return fail(`peak ${peak}: it never ran ${LIMIT} calls at once`);
  }
  if (run.error !== null) {
    return fail(`peak ${peak} as it should, but then: ${run.error}`);
  }
  const wanted = paths.map((path) =>
    path === barrier
      ? `released ${LIMIT} together`
      : `waited ${path.slice(7)} ms`,
  );
  const got = run.value?.map((body) => body.trim()) ?? [];
  if (got.join(", ") !== wanted.join(", ")) {
    return fail(
      `the results came back as: ${got.join(", ")}`,
      `the results in the order of the items: ${wanted.join(", ")}`,
    );
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed: `peak ${peak} in flight over ${paths.length} requests, results in order`,
    requests,
  };
}
