// Runs `fetchWithRetry` against the server's faults, one scenario at a time,
// and judges it by the server's log: which attempts arrived, how long the
// hanging one was held, how long it waited between attempts (with the random
// source seeded by the check), and whether anything was sent that should
// not be.
import { setTimeout as sleep } from "node:timers/promises";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
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
// The waits between three 503s and a success: the first cap is this.
const GAP_BASE_MS = 100;
// The shares of the cap the check's `random` hands out: first the same
// share each time, so the waits must double; then shares that differ, so
// the waits must follow them.
const EVEN_SHARES = [0.5, 0.5, 0.5];
const UNEVEN_SHARES = [0.9, 0.1, 0.6, 0.3];
// A wait may be this much shorter than planned (timer rounding) or longer
// (the 503 travelling back, a new request going out, a busy machine). The
// wrong waits differ in being too short somewhere (no growth, none at all)
// or in being 100 ms and more too long at the second wait (the whole cap).
const GAP_EARLY_MS = 15;
const GAP_LATE_MS = 150;

// Hints in hints.md, by the mistake they answer.
const HINT = {
  deadline: 1,
  ownDeadline: 2,
  retryable: 3,
  backoff: 4,
  jitter: 5,
  errors: 6,
  abortableWait: 7,
} as const;

const EXPECTED =
  `each attempt is abandoned after ${TIMEOUT_MS} ms, 5xx and timeouts are ` +
  "retried up to the limit with waits of `random()` times a cap that " +
  "doubles, a 4xx is not retried, the last failure is the error, and an " +
  "abort stops a wait at once";

/** A `random` that hands out `shares` in turn (the last one repeats), and
 * counts how often it was asked. */
function seeded(shares: readonly number[]) {
  const source = { draws: 0, random: () => 0.5 };
  source.random = () =>
    shares[Math.min(source.draws++, shares.length - 1)] ?? 0.5;
  return source;
}

interface Plan {
  attempts: number;
  baseDelayMs: number;
  random?: () => number;
}

function attempt(
  impl: Impl,
  server: ServerClient,
  paths: string[],
  plan: Plan,
): Promise<Observation<string>> {
  const urlFor = (n: number) =>
    `${server.url}${paths[Math.min(n, paths.length) - 1]}`;
  const { random = seeded(EVEN_SHARES).random, ...limits } = plan;
  return observe(server, DEADLINE_MS, (signal) =>
    impl.fetchWithRetry(urlFor, {
      ...limits,
      timeoutMs: TIMEOUT_MS,
      random,
      signal,
    }),
  );
}

function sent(requests: RequestRecord[]): string {
  const paths = requests.map((r) => `${r.path} (${r.outcome})`);
  return `${requests.length} request(s): ${paths.join(", ") || "none"}`;
}

function fail(observed: string, seen: Observation<string>, hint: number) {
  const details = [`the server saw ${sent(seen.requests)}`];
  if (seen.error !== null) details.push(`the call ended with: ${seen.error}`);
  return {
    passed: false,
    expected: EXPECTED,
    observed,
    details,
    requests: seen.requests,
    hint,
  } satisfies Verdict;
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
      HINT.deadline,
    );
  }
  if (seen.requests.length < 3 && seen.error !== null) {
    return fail(
      `only ${seen.requests.length} attempt(s) reached the server: the ` +
        "next one failed before it was sent, with its deadline already " +
        "spent. Each attempt needs a deadline of its own, made when it starts",
      seen,
      HINT.ownDeadline,
    );
  }
  if (seen.value?.trim() !== "waited 20 ms" || seen.requests.length !== 3) {
    return fail(
      "expected a timeout, a 503 and then the body of GET /delay/20, " +
        `after ${seen.requests.length} attempt(s)`,
      seen,
      HINT.retryable,
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
  if (made !== wanted) {
    return fail(
      `GET ${path} was sent ${made} time(s) with ${attempts} attempts ` +
        `allowed; it should be sent ${wanted} time(s), then give up`,
      seen,
      HINT.retryable,
    );
  }
  if (seen.error === null) {
    return fail(
      `GET ${path} failed all ${made} time(s), yet the call resolved with ` +
        `${JSON.stringify(seen.value)}: the error was swallowed`,
      seen,
      HINT.errors,
    );
  }
  const status = path.slice("/status/".length);
  if (!seen.error.includes(status)) {
    return fail(
      `GET ${path} failed all ${made} time(s), but the call rejected ` +
        `with something else: ${seen.error}`,
      seen,
      HINT.errors,
    );
  }
  return null;
}

/** The planned wait after each failed attempt, for given shares. */
function planned(shares: readonly number[], grow = true): number[] {
  return shares.map((share, i) => share * GAP_BASE_MS * (grow ? 2 ** i : 1));
}

const list = (ms: number[]) => ms.map((m) => formatMs(m)).join(", ");

function near(gaps: number[], wanted: number[]): boolean {
  return gaps.every((gap, i) => {
    const want = wanted[i] ?? 0;
    return gap >= want - GAP_EARLY_MS && gap <= want + GAP_LATE_MS;
  });
}

/** No wait at all: together, the gaps are a fraction of the planned waits
 * (a busy machine may stretch one of them a little). */
function retriedAtOnce(gaps: number[], wanted: number[]): boolean {
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
  return sum(gaps) < sum(wanted) / 4;
}

/** Why the waits were not the planned ones, in words, and its hint. */
function whyGaps(gaps: number[], shares: readonly number[], draws: number) {
  const got = `the waits between attempts were ${list(gaps)}`;
  const wanted = planned(shares);
  const should =
    `with \`plan.random\` giving ${shares.join(", ")} and a first cap of ` +
    `${formatMs(GAP_BASE_MS)}, they should be ${list(wanted)}`;
  if (retriedAtOnce(gaps, wanted)) {
    return {
      observed: `${got}: it retried at once, without waiting`,
      hint: HINT.backoff,
    };
  }
  const caps = shares.map(() => 1);
  if (near(gaps, planned(caps))) {
    return {
      observed: `${got}: they grow, but they are the whole cap each time, not a share of it drawn from \`plan.random\`, so there is no jitter (${should})`,
      hint: HINT.jitter,
    };
  }
  if (draws === 0) {
    return {
      observed: `${got}: it never called \`plan.random\`, so the waits cannot follow it (${should})`,
      hint: HINT.jitter,
    };
  }
  if (near(gaps, planned(shares, false)) || near(gaps, planned(caps, false))) {
    return {
      observed: `${got}: the waits do not grow; the cap must double after each failure (${should})`,
      hint: HINT.backoff,
    };
  }
  return {
    observed: `${got}: they do not follow \`plan.random\` (${should})`,
    hint: HINT.jitter,
  };
}

/** A 503 per share, then a success: the gaps in the server's log between
 * one attempt's answer and the next attempt are the waits. */
async function waitsOf(
  impl: Impl,
  server: ServerClient,
  shares: readonly number[],
): Promise<
  Verdict | { gaps: number[]; draws: number; seen: Observation<string> }
> {
  const paths = [...shares.map(() => "/status/503"), "/delay/10"];
  const source = seeded(shares);
  const seen = await attempt(impl, server, paths, {
    attempts: paths.length,
    baseDelayMs: GAP_BASE_MS,
    random: source.random,
  });
  const log = seen.requests;
  if (log.length !== paths.length || seen.value?.trim() !== "waited 10 ms") {
    return fail(
      `with ${paths.length} attempts allowed, ${shares.length} 503s and then GET ` +
        `/delay/10 should end with its body, after ${paths.length} ` +
        `attempts; there were ${log.length}`,
      seen,
      HINT.retryable,
    );
  }
  const gaps = log
    .slice(1)
    .map((r, i) => r.arrivedAt - (log[i]?.finishedAt ?? r.arrivedAt));
  return { gaps, draws: source.draws, seen };
}

/** The waits for `shares`, or why they are wrong. */
async function backsOff(
  impl: Impl,
  server: ServerClient,
  shares: readonly number[],
): Promise<Verdict | number[]> {
  let run = await waitsOf(impl, server, shares);
  // Code that never asks `plan.random` may still wait, on Math.random, and
  // one run of short waits can be its luck: with the even shares, Math.random
  // waits come to under a quarter of the plan in 1 run in 72. Three such runs
  // in a row (1 in 370,000) are taken as no wait at all.
  for (let runs = 1; runs < 3; runs++) {
    if ("passed" in run || run.draws > 0) break;
    if (!retriedAtOnce(run.gaps, planned(shares))) break;
    run = await waitsOf(impl, server, shares);
  }
  if ("passed" in run) return run;
  // Waits that match by luck do not count: they must come from `random`.
  if (near(run.gaps, planned(shares)) && run.draws > 0) return run.gaps;
  const why = whyGaps(run.gaps, shares, run.draws);
  return fail(why.observed, run.seen, why.hint);
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
  // Half of a 5 s cap: the first wait is 2.5 s, well past the abort.
  const settled = impl
    .fetchWithRetry(() => `${server.url}/status/503`, {
      attempts: 3,
      timeoutMs: TIMEOUT_MS,
      baseDelayMs: 5000,
      random: () => 0.5,
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
    hint: HINT.abortableWait,
  };
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["fetchWithRetry"]);
  if (missing !== undefined) return missing;
  const recovered = await recovers(impl, server);
  if ("passed" in recovered) return recovered;
  const counted =
    (await attemptsFor(impl, server, "/status/404", 4, 1)) ??
    (await attemptsFor(impl, server, "/status/503", 3, 3));
  if (counted !== null) return counted;
  const even = await backsOff(impl, server, EVEN_SHARES);
  if (!Array.isArray(even)) return even;
  const uneven = await backsOff(impl, server, UNEVEN_SHARES);
  if (!Array.isArray(uneven)) return uneven;
  const stopped = await stopsWaiting(impl, server);
  if (stopped !== null) return stopped;
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `the hanging attempt was abandoned after ${formatMs(recovered.heldMs)}, ` +
      "then a 503 was retried and the third attempt succeeded; a 404 was " +
      "sent once, a 503 three times and then it was the error; the waits " +
      `were ${list(even)} and then ${list(uneven)}, as \`plan.random\` ` +
      "said; and an abort stopped a wait",
    requests: recovered.seen.requests,
  };
}
