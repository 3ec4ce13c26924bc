// Tells a `getAllAtOnce` that starts every request at once from one that
// sends them one at a time, then checks the answers keep the order of the
// URLs and that `done` is called exactly once.
import { randomUUID } from "node:crypto";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const COUNT = 3;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 800;
// Room for a few barrier timeouts in a row, so slow code still gets a verdict.
const DEADLINE_MS = 5000;
// Out of order on purpose: the last URL is not the last to finish.
const DELAYS_MS = [300, 50, 150];

const EXPECTED = `all ${COUNT} requests in flight at once, the answers in the order of the URLs, and done called once`;

interface Attempt {
  bodies: string[] | null;
  error: string | null;
  ms: number;
  /** How many times `done` was called, counted up to the end of the check. */
  calls: () => number;
  peak: number;
  requests: RequestRecord[];
}

/** Call `getAllAtOnce` on a fresh log and wait for its first `done`. */
async function attempt(
  impl: Impl,
  server: ServerClient,
  paths: string[],
): Promise<Attempt> {
  await server.reset();
  let calls = 0;
  const start = performance.now();
  const outcome = await new Promise<Pick<Attempt, "bodies" | "error">>(
    (resolve) => {
      const timer = setTimeout(
        () =>
          resolve({
            bodies: null,
            error: `done was not called within ${formatMs(DEADLINE_MS)}`,
          }),
        DEADLINE_MS,
      );
      const urls = paths.map((path) => `${server.url}${path}`);
      try {
        impl.getAllAtOnce(urls, (err, responses) => {
          calls += 1;
          clearTimeout(timer);
          resolve({
            bodies: responses?.map((r) => r?.body.toString().trim()) ?? null,
            error: err ? `done was called with an error: ${err.message}` : null,
          });
        });
      } catch (thrown) {
        clearTimeout(timer);
        resolve({ bodies: null, error: `getAllAtOnce threw: ${thrown}` });
      }
    },
  );
  const ms = performance.now() - start;
  const stats = await server.stats();
  const requests = stats.requests.filter((r) => !r.path.startsWith("/stats"));
  return {
    ...outcome,
    ms,
    calls: () => calls,
    peak: stats.peakInFlight,
    requests,
  };
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  // The barrier answers only once all three requests with this key are
  // waiting, so code that sends them one at a time gets 408s instead.
  const barrier = `/barrier/${COUNT}?key=${randomUUID()}&timeout=${BARRIER_TIMEOUT_MS}`;
  const together = await attempt(impl, server, Array(COUNT).fill(barrier));
  if (together.peak < COUNT || together.error !== null) {
    const how =
      together.peak <= 1
        ? "each request waited for the one before it to finish"
        : "some requests waited for others to finish";
    return {
      passed: false,
      expected: EXPECTED,
      observed:
        together.peak < COUNT
          ? `at most ${together.peak} of ${COUNT} requests were in flight at once: ${how} (see the timeline)`
          : `the requests overlapped, but ${together.error}`,
      details: [
        ...new Set(
          (together.bodies ?? []).map((body) => `the server said: ${body}`),
        ),
        ...(together.error === null ? [] : [together.error]),
      ],
      requests: together.requests,
    };
  }

  const ordered = await attempt(
    impl,
    server,
    DELAYS_MS.map((ms) => `/delay/${ms}`),
  );
  const wanted = DELAYS_MS.map((ms) => `waited ${ms} ms`).join(", ");
  const got = ordered.bodies?.join(", ");
  if (got !== wanted) {
    return {
      passed: false,
      expected: `the bodies in the order of the URLs: ${wanted}`,
      observed:
        ordered.error ?? `done got: ${got} after ${formatMs(ordered.ms)}`,
      details: ["Answers arrive in the order the server finishes them."],
      requests: ordered.requests,
    };
  }

  // By now every answer of both attempts has long arrived: a second call
  // to `done` would have happened.
  const calls = [together.calls(), ordered.calls()];
  if (calls.some((n) => n !== 1)) {
    return {
      passed: false,
      expected: EXPECTED,
      observed: `done was called ${calls.join(" and ")} times in the two attempts`,
      requests: ordered.requests,
    };
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed: `peak ${together.peak} in flight, the ${COUNT} delays answered in order after ${formatMs(ordered.ms)}, done called once each time`,
    requests: together.requests,
  };
}
