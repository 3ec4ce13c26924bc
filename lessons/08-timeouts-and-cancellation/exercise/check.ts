// Runs `fetchWithRetry` against the server's faults, one scenario at a time,
// and judges it by the server's log: which attempts arrived, how long the
// hanging one was held, and whether anything was sent that should not be.
import { setTimeout as sleep } from "node:timers/promises";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { observe, type Observation } from "../../../src/lib/observe.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const TIMEOUT_MS = 300;
// Room for a 300 ms attempt, a 503 and two short waits, many times over.
const DEADLINE_MS = 3000;
// Waits of seconds, cut short by an abort at this point.
const ABORT_AT_MS = 600;
// How late after the abort a run may settle and still count as prompt.
const ABORT_SLACK_MS = 500;

const EXPECTED =
  `each attempt is abandoned after ${TIMEOUT_MS} ms, 5xx and timeouts are ` +
  "retried up to the limit, a 4xx is not, and an abort stops a wait at once";

function attempt(
  impl: Impl,
  server: ServerClient,
  paths: string[],
  plan: { attempts: number; baseDelayMs: number; deadlineMs?: number },
): Promise<Observation<string>> {
  const urlFor = (n: number) =>
    `${server.url}${paths[Math.min(n, paths.length) - 1]}`;
  return observe(server, plan.deadlineMs ?? DEADLINE_MS, (signal) =>
    impl.fetchWithRetry(urlFor, { ...plan, timeoutMs: TIMEOUT_MS, signal }),
  );
}

function sent(requests: RequestRecord[]): string {
  const paths = requests.map((r) => `${r.path} (${r.outcome})`);
  return `${requests.length} request(s): ${paths.join(", ") || "none"}`;
}

function fail(observed: string, seen: Observation<string>): Verdict {
  const details = [`the server saw ${sent(seen.requests)}`];
  if (seen.error !== null) details.push(`the call ended with: ${seen.error}`);
  return {
    passed: false,
    expected: EXPECTED,
    observed,
    details,
    requests: seen.requests,
  };
}

/** A hanging attempt, then a 503, then a success. */
async function recovers(impl: Impl, server: ServerClient) {
  const seen = await attempt(
    impl,
    server,
    ["/fault/hang", "/status/503", "/delay/20"],
    { attempts: 4, baseDelayMs: 50 },
  );
  const hang = seen.requests[0];
  const heldMs = (hang?.finishedAt ?? seen.ms) - (hang?.arrivedAt ?? 0);
  if (hang?.outcome !== "aborted" || heldMs > TIMEOUT_MS * 3) {
    return fail(
      `the first attempt, GET /fault/hang, was held ${formatMs(heldMs)}: ` +
        `it should have been abandoned after ${formatMs(TIMEOUT_MS)}`,
      seen,
    );
  }
  if (seen.value?.trim() !== "waited 20 ms" || seen.requests.length !== 3) {
    return fail(
      "expected a timeout, a 503 and then the body of GET /delay/20, " +
        `after ${seen.requests.length} attempt(s)`,
      seen,
    );
  }
  return { seen, heldMs };
}

/** The same failure every time: how many attempts does it get? */
async function attemptsFor(
  impl: Impl,
  server: ServerClient,
  path: string,
  attempts: number,
  wanted: number,
): Promise<Verdict | null> {
  const seen = await attempt(impl, server, [path], {
    attempts,
    baseDelayMs: 20,
  });
  const made = seen.requests.length;
  if (seen.value !== null || made !== wanted) {
    return fail(
      `GET ${path} was sent ${made} time(s) with ${attempts} attempts ` +
        `allowed; it should be sent ${wanted} time(s), then give up`,
      seen,
    );
  }
  return null;
}

/**
 * Long waits between 503s, and an abort in the middle of the first one.
 * Timed here rather than with `observe`, whose deadline would end the race
 * on time whether or not the code listened to the abort.
 */
async function stopsWaiting(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict | null> {
  await server.reset();
  const caller = new AbortController();
  const start = performance.now();
  const abortTimer = setTimeout(() => caller.abort(), ABORT_AT_MS);
  const settled = impl
    .fetchWithRetry(() => `${server.url}/status/503`, {
      attempts: 3,
      timeoutMs: TIMEOUT_MS,
      baseDelayMs: 5000,
      signal: caller.signal,
    })
    .then(
      () => {},
      () => {},
    );
  // Stop watching after a while, so that a wait that ignores the abort
  // cannot hold the check for its full length.
  const stopWatching = new AbortController();
  const watchLimit = sleep(ABORT_AT_MS + ABORT_SLACK_MS * 2, undefined, {
    signal: stopWatching.signal,
  }).catch(() => {});
  await Promise.race([settled, watchLimit]);
  stopWatching.abort();
  clearTimeout(abortTimer);
  const lateMs = performance.now() - start - ABORT_AT_MS;
  if (lateMs <= ABORT_SLACK_MS) return null;
  const { requests } = await server.stats();
  return {
    passed: false,
    expected: EXPECTED,
    observed:
      `aborted at ${formatMs(ABORT_AT_MS)} during a wait between attempts, ` +
      `it had not settled ${formatMs(lateMs)} later: pass \`signal\` to the wait`,
    details: [`the server saw ${sent(requests)}`],
    requests,
  };
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const recovered = await recovers(impl, server);
  if ("passed" in recovered) return recovered;
  const verdict =
    (await attemptsFor(impl, server, "/status/404", 4, 1)) ??
    (await attemptsFor(impl, server, "/status/503", 3, 3)) ??
    (await stopsWaiting(impl, server));
  if (verdict !== null) return verdict;
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `the hanging attempt was abandoned after ${formatMs(recovered.heldMs)}, ` +
      "then a 503 was retried and the third attempt succeeded; a 404 was " +
      "sent once, a 503 three times, and an abort stopped the wait",
    requests: recovered.seen.requests,
  };
}
