// Tells a `fetchAllOrAbort` that stops the batch on the first failure from
// plain `Promise.all` (the others keep running) and from one-at-a-time code,
// by asking the server how the requests arrived and how they ended.
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import { settledLog } from "../server-log.ts";
import type * as Solution from "./solution.ts";

const BATCH = 4;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout, not for four in a row.
const DEADLINE_MS = 4000;
// Out of order on purpose: the quickest responses finish first.
const DELAYS_MS = [250, 50, 200, 100];
// Slow siblings of a failing request: long enough that "aborted" and
// "finished" are far apart in the log. The failure comes last, so the
// siblings have reached the server before it fails.
const SLOW_MS = 1500;
const FAILING = "/status/500";
const WITH_FAILURE = [`/delay/${SLOW_MS}`, `/delay/${SLOW_MS}`, FAILING];

type Impl = typeof Solution;

function attempt(impl: Impl, server: ServerClient, paths: string[]) {
  return observe(server, DEADLINE_MS, (signal) =>
    impl.fetchAllOrAbort(server.url, paths, { signal }),
  );
}

/** All at once: the barrier answers only when the whole batch is waiting. */
async function overlaps(impl: Impl, server: ServerClient) {
  const barrier = barrierPath(BATCH, BARRIER_TIMEOUT_MS);
  const seen = await attempt(
    impl,
    server,
    Array.from({ length: BATCH }, () => barrier),
  );
  if (seen.peak >= BATCH && seen.error === null) return null;
  const expected = `the ${BATCH} requests overlap (peak ${BATCH} in flight)`;
  const observed =
    seen.peak >= BATCH
      ? `the requests overlapped, but then: ${seen.error}`
      : `peak ${seen.peak}: ${seen.peak <= 1 ? "they ran one after another" : "some waited for others"} — see the timeline`;
  const details = seen.error === null ? [] : [seen.error];
  return {
    passed: false,
    expected,
    observed,
    details,
    requests: seen.requests,
  };
}

/** The bodies come back in the order of the paths, not of finishing. */
async function keepsOrder(impl: Impl, server: ServerClient) {
  const seen = await attempt(
    impl,
    server,
    DELAYS_MS.map((ms) => `/delay/${ms}`),
  );
  const wanted = DELAYS_MS.map((ms) => `waited ${ms} ms`).join(", ");
  const got = seen.value?.map((body) => body.trim()).join(", ");
  if (got === wanted) return null;
  return {
    passed: false,
    expected: `the bodies come back in the order of the paths: ${wanted}`,
    observed: seen.error ?? `they came back as: ${got}`,
    requests: seen.requests,
  };
}

/** On the failure, the function rejects with it and the siblings stop. */
async function abortsSiblings(impl: Impl, server: ServerClient) {
  const seen = await attempt(impl, server, WITH_FAILURE);
  const expected =
    `when ${FAILING} fails, the function rejects with its error at once ` +
    `and the two /delay/${SLOW_MS} requests are aborted`;
  const fail = (observed: string, requests = seen.requests) => ({
    passed: false,
    expected,
    observed,
    requests,
  });
  if (seen.error === null)
    return fail(`it resolved, although ${FAILING} failed`);
  if (!seen.error.includes("500")) {
    return fail(`it rejected with another error: ${seen.error}`);
  }
  const log = await settledLog(server, SLOW_MS + 1000);
  const finished = log.filter((r) => r.path !== FAILING && r.outcome === "ok");
  if (finished.length > 0) {
    const at = formatMs(Math.max(...finished.map((r) => r.finishedAt ?? 0)));
    return fail(
      `it rejected after ${formatMs(seen.ms)}, but ${finished.length} of ` +
        `the /delay/${SLOW_MS} requests kept running and finished ok at ` +
        `${at}: nothing aborted them`,
      log,
    );
  }
  return null;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const failure =
    (await overlaps(impl, server)) ??
    (await keepsOrder(impl, server)) ??
    (await abortsSiblings(impl, server));
  if (failure !== null) return failure;
  return {
    passed: true,
    expected: `the ${BATCH} requests overlap, the bodies keep the order of the paths, and a failure aborts the rest`,
    observed: `peak ${BATCH} in flight, bodies in order, and the /delay/${SLOW_MS} siblings of ${FAILING} were aborted`,
  };
}
