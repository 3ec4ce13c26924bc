// Runs `countPrimes` while a probe keeps asking the server for /delay/0, one
// request after another, and compares the probe's slowest answer with how
// long the job took. A job that never lets the loop run holds the probe's
// request for its whole length.
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import { fetchText } from "../fetch-text.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

// Big enough for a job of a few hundred milliseconds.
const LIMIT = 2_000_000;
// The probe's slowest request may take at most this share of the job.
const MAX_SHARE = 1 / 4;
// Requests the probe must see answered while the job runs.
const MIN_ANSWERED = 3;

const EXPECTED =
  `expected countPrimes(${LIMIT}) to give the loop a turn every few ` +
  `milliseconds: requests made meanwhile answered in under ` +
  `${MAX_SHARE * 100}% of the job's time`;

/** The number of primes below `limit`, by the sieve of Eratosthenes. */
function primesBelow(limit: number): number {
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (composite[n]) continue;
    count += 1;
    for (let multiple = n * n; multiple < limit; multiple += n) {
      composite[multiple] = 1;
    }
  }
  return count;
}

interface ProbeRequest {
  startedAt: number;
  endedAt: number;
}

/** GET /delay/0 back to back until `stop()`; time each request. */
function startProbe(url: string) {
  const done: ProbeRequest[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const startedAt = performance.now();
      await fetchText(`${url}/delay/0`);
      done.push({ startedAt, endedAt: performance.now() });
    }
  })();
  return {
    /** Stop after the request in flight; resolve with every request. */
    async stop(): Promise<ProbeRequest[]> {
      stopped = true;
      await running;
      return done;
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const expectedCount = primesBelow(LIMIT);
  await server.reset();
  const probe = startProbe(server.url);
  const start = performance.now();
  const outcome = await impl.countPrimes(LIMIT).then(
    (count) => ({ count }),
    (error: unknown) => ({ error }),
  );
  const end = performance.now();
  // Stop the probe whatever happened, so no request is left behind.
  const probed = await probe.stop();
  const { requests } = await server.stats();
  if ("error" in outcome) {
    return {
      passed: false,
      expected: `expected ${expectedCount} primes below ${LIMIT}`,
      observed: `countPrimes threw: ${describeError(outcome.error)}`,
      requests,
    };
  }
  if (outcome.count !== expectedCount) {
    return {
      passed: false,
      expected: `expected ${expectedCount} primes below ${LIMIT}`,
      observed: `countPrimes returned ${outcome.count}`,
      requests,
    };
  }
  const jobMs = end - start;
  const answered = probed.filter((request) => request.endedAt <= end).length;
  const slowestMs = Math.max(...probed.map((r) => r.endedAt - r.startedAt));
  const observed =
    `the job took ${formatMs(jobMs)}; ${answered} requests were answered ` +
    `while it ran, and the slowest took ${formatMs(slowestMs)}`;
  if (slowestMs > MAX_SHARE * jobMs || answered < MIN_ANSWERED) {
    return {
      passed: false,
      expected: EXPECTED,
      observed,
      details: [
        "A request cannot be answered until the loop is free again, and",
        "the job held the thread for long stretches without a break.",
        "Awaiting a resolved promise is not enough: microtasks run before",
        "the loop gets back to timers and sockets (see the starving demo).",
      ],
      requests,
    };
  }
  return { passed: true, expected: EXPECTED, observed, requests };
}
