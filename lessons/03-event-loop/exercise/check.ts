// The check of lesson 3's exercise: `countPrimes` must hand the thread back
// to the event loop every few milliseconds, so that timers and sockets get
// their turn while it works. It runs the job twice:
//
// - a small one, against the same work done without pauses: pausing far
//   more often than needed costs many times the CPU time (the main
//   thread's CPU time, not wall time, so that a busy machine does not make
//   it look slow, nor the process's other threads, the garbage
//   collector's and the compiler's, make it look costly);
// - a large one, while a 1 ms timer, an immediate and a probe that keeps
//   asking the server for /delay/0 try to get a turn. A job that never pauses returns
//   only at its end; one that pauses only for microtasks lets no timer in;
//   one that pauses too rarely holds the loop for long stretches.
import { formatMs } from "../../../src/lib/format.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import { fetchText } from "../fetch-text.ts";
import { isPrime } from "./primes.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

// Big enough for a job of a few hundred milliseconds.
const LIMIT = 2_000_000;
// Small enough to be quick, even for a job that pauses on every number.
const SMALL_LIMIT = 200_000;
// The small job may use this many times the CPU time of the same work
// without pauses, plus the slack, before its pauses count as far too many.
const OVERHEAD_FACTOR = 4;
const OVERHEAD_SLACK_MS = 50;
// A job that returned after this share of its time had not paused at all.
const NEVER_PAUSED_SHARE = 0.9;
// The loop may be held for at most this share of the job at a time.
const MAX_SHARE = 1 / 4;
// Requests the probe must see answered while the job runs.
const MIN_ANSWERED = 3;
// A job still running after this long is waiting for something that will
// never come (the small job takes well under a second).
const SMALL_DEADLINE_MS = 8000;
const DEADLINE_MS = 30_000;

// The hints (hints.md) that answer each mistake.
const HINT = { neverPaused: 1, microtasks: 2, slices: 3 };

const EXPECTED =
  `countPrimes(${LIMIT}) gives the loop a turn every few milliseconds: ` +
  `timers run and requests made meanwhile are answered, none held up for ` +
  `more than ${MAX_SHARE * 100}% of the job's time`;

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

/** The exercise's work without any pause. */
function countWithoutPauses(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) if (isPrime(n)) count += 1;
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

/**
 * A 1 ms timer that re-arms itself: how often it ran, and the longest gap
 * between two runs (or between the start or the end and a run).
 */
function startTimerWitness() {
  let last = performance.now();
  let longestGapMs = 0;
  let runs = 0;
  const tick = (): void => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    runs += 1;
    timer = setTimeout(tick, 1);
  };
  let timer = setTimeout(tick, 1);
  return {
    stop(): { runs: number; longestGapMs: number } {
      clearTimeout(timer);
      longestGapMs = Math.max(longestGapMs, performance.now() - last);
      return { runs, longestGapMs };
    },
  };
}

/** An immediate that re-arms itself: how many turns of the loop it saw. */
function startImmediateWitness() {
  let runs = 0;
  const tick = (): void => {
    runs += 1;
    immediate = setImmediate(tick);
  };
  let immediate = setImmediate(tick);
  return {
    stop(): number {
      clearImmediate(immediate);
      return runs;
    },
  };
}

/** CPU time this thread has used since `start`, in milliseconds. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.threadCpuUsage(start);
  return (user + system) / 1000;
}

interface Run {
  count?: unknown;
  error?: unknown;
  /** Set when the job had not settled by its deadline. */
  timedOutAfterMs?: number;
  /** Time until the call itself returned (a promise, or a number). */
  returnedMs: number;
  /** Time until its result was there. */
  jobMs: number;
  /** When the result was there (`performance.now()`). */
  endedAt: number;
}

/** Call `countPrimes(limit)` and time it; give up after `deadlineMs`. */
async function run(
  impl: Impl,
  limit: number,
  deadlineMs: number,
): Promise<Run> {
  const start = performance.now();
  let pending: unknown;
  try {
    pending = impl.countPrimes(limit);
  } catch (error) {
    const endedAt = performance.now();
    const ms = endedAt - start;
    return { error, returnedMs: ms, jobMs: ms, endedAt };
  }
  const returnedMs = performance.now() - start;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<{ timedOutAfterMs: number }>((resolve) => {
    timer = setTimeout(resolve, deadlineMs, { timedOutAfterMs: deadlineMs });
  });
  const outcome = await Promise.race([
    Promise.resolve(pending).then(
      (count: unknown) => ({ count }),
      (error: unknown) => ({ error }),
    ),
    gaveUp,
  ]);
  clearTimeout(timer);
  const endedAt = performance.now();
  return { ...outcome, returnedMs, jobMs: endedAt - start, endedAt };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failing verdict if the job threw or counted wrong. */
function wrongResult(
  result: Run,
  limit: number,
  requests: RequestRecord[],
): Verdict | undefined {
  const expected = `countPrimes(${limit}) resolves with ${primesBelow(limit)}`;
  if (result.timedOutAfterMs !== undefined) {
    return {
      passed: false,
      expected,
      observed:
        `countPrimes(${limit}) had not finished after ` +
        `${formatMs(result.timedOutAfterMs)}: it waits for something that ` +
        "never comes",
      details: [
        "Every pause has to end: a promise you make yourself must call its",
        "`resolve`, as in `new Promise((resolve) => setImmediate(resolve))`.",
      ],
      requests,
    };
  }
  if ("error" in result) {
    return {
      passed: false,
      expected,
      observed: `countPrimes(${limit}) threw: ${describeError(result.error)}`,
      requests,
    };
  }
  if (result.count !== primesBelow(limit)) {
    return {
      passed: false,
      expected,
      observed:
        `countPrimes(${limit}) returned ${String(result.count)} after ` +
        `${formatMs(result.jobMs)}`,
      details: [
        "Every number below the limit has to be counted before the",
        "function returns: await each pause, and return only at the end.",
      ],
      requests,
    };
  }
  return undefined;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["countPrimes"]);
  if (missing) return missing;

  // The small job first: the cost of the pauses, against no pauses at all.
  const referenceStart = process.threadCpuUsage();
  countWithoutPauses(SMALL_LIMIT);
  const referenceMs = cpuMsSince(referenceStart);
  const smallStart = process.threadCpuUsage();
  const small = await run(impl, SMALL_LIMIT, SMALL_DEADLINE_MS);
  const smallMs = cpuMsSince(smallStart);
  const smallWrong = wrongResult(small, SMALL_LIMIT, []);
  if (smallWrong) return smallWrong;
  if (smallMs > OVERHEAD_FACTOR * referenceMs + OVERHEAD_SLACK_MS) {
    const times = (smallMs / referenceMs).toFixed(0);
    return {
      passed: false,
      expected:
        `countPrimes(${SMALL_LIMIT}) costs about the CPU time of the same ` +
        `work without pauses (${formatMs(referenceMs)} here)`,
      observed:
        `countPrimes(${SMALL_LIMIT}) used ${formatMs(smallMs)} of CPU ` +
        `time, ${times} times as much: it paused far too often`,
      details: [
        "Each pause costs a turn of the event loop. Pause once per slice",
        "of a few milliseconds, not after every number.",
      ],
      hint: HINT.slices,
    };
  }

  // The large job, with a timer and a probe trying to get a turn.
  await server.reset();
  const probe = startProbe(server.url);
  const timerWitness = startTimerWitness();
  const immediateWitness = startImmediateWitness();
  const result = await run(impl, LIMIT, DEADLINE_MS);
  const timers = timerWitness.stop();
  const immediates = immediateWitness.stop();
  // Stop the probe whatever happened, so no request is left behind.
  const probed = await probe.stop();
  const { requests } = await server.stats();
  const wrong = wrongResult(result, LIMIT, requests);
  if (wrong) return wrong;

  const { jobMs, returnedMs } = result;
  const answered = probed.filter((r) => r.endedAt <= result.endedAt).length;
  const slowestMs = Math.max(...probed.map((r) => r.endedAt - r.startedAt));
  const figures =
    `the job took ${formatMs(jobMs)}; ${answered} requests were answered ` +
    `while it ran, and the slowest took ${formatMs(slowestMs)}`;
  const verdict = (observed: string, hint: number, details: string[]) => ({
    passed: false,
    expected: EXPECTED,
    observed,
    details,
    requests,
    hint,
  });

  if (returnedMs >= NEVER_PAUSED_SHARE * jobMs) {
    return verdict(
      `${figures}: countPrimes ran from start to end before it returned ` +
        `(after ${formatMs(returnedMs)}), so it never paused`,
      HINT.neverPaused,
      [
        "A function gives the loop a turn only where it awaits something",
        "that is not ready yet; this one never got to such an await.",
      ],
    );
  }
  if (timers.runs === 0 && immediates === 0) {
    return verdict(
      `${figures}: it paused at an await, but neither a timer nor an ` +
        "immediate ran while it worked: it paused only for microtasks or " +
        "nextTicks, which run before the loop gets back to timers and " +
        "sockets",
      HINT.microtasks,
      [
        "Awaiting a resolved promise, or a promise that process.nextTick",
        "resolves, resumes the job before the loop moves on (see the",
        "starving demo). Pause until the check phase instead.",
      ],
    );
  }
  if (
    timers.longestGapMs > MAX_SHARE * jobMs ||
    slowestMs > MAX_SHARE * jobMs ||
    answered < MIN_ANSWERED
  ) {
    return verdict(
      `${figures}: it paused too rarely, and a 1 ms timer waited up to ` +
        `${formatMs(timers.longestGapMs)} for its turn (it ran ` +
        `${timers.runs} times)`,
      HINT.slices,
      [
        "Between two pauses no other callback can run. Pause once per",
        "slice of a few milliseconds, measured with performance.now().",
      ],
    );
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `${figures}; a 1 ms timer ran ${timers.runs} times, never held up ` +
      `for more than ${formatMs(timers.longestGapMs)}`,
    requests,
  };
}
