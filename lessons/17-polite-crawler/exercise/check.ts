// Tells a per-host scheduler from one that shares one limit or one rate
// between hosts, ignores the limit or the rate, saves missed starts up for
// a burst, ignores a pause (Retry-After), lets an old timer or a shorter
// pause cut it short, starts a task whose wait (for a slot or for the rate)
// was aborted, lets a late abort take another task out of the line, or
// gives a failed task's slot back never or twice. Each case is judged by
// the server's log (or the task's own start time), with a deadline.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import * as solution from "./solution.ts";

type Impl = typeof solution;

const HINT = { perHost: 1, limit: 2, rate: 3, pause: 4, abort: 5 } as const;
const DEADLINE_MS = 4000;
const EXPECTED =
  "at most perHost tasks of one host at once, hosts independent, starts " +
  "1000 / rate ms apart (after a quiet spell too), no start during a " +
  "pause, an aborted wait never started, and a finished task's slot " +
  "given back once";

interface Failure {
  observed: string;
  hint: number;
  requests: RequestRecord[];
  details?: string[];
}

const fail = (f: Failure): Verdict => ({
  passed: false,
  expected: EXPECTED,
  observed: f.observed,
  details: f.details ?? [],
  requests: f.requests,
  hint: f.hint,
});

async function text(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  return response.text();
}

/** The most of `log` in flight at one moment. */
function peak(log: RequestRecord[]): number {
  const events = log.flatMap((r) => [
    [r.arrivedAt, 1] as const,
    [r.finishedAt ?? Infinity, -1] as const,
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of events) most = Math.max(most, (now += step));
  return most;
}

// Two hosts, two at a time each: the first two tasks of each host meet at
// a barrier of four, which only answers if both hosts run together.
async function perHostCase(impl: Impl, server: ServerClient) {
  const key = randomUUID();
  const s = impl.createScheduler({ perHost: 2, ratePerSecond: 1000 });
  const seen = await observe(server, DEADLINE_MS, (signal) =>
    Promise.all(
      ["a", "b"].flatMap((host) =>
        [0, 1, 2, 3, 4].map((i) =>
          s.run(
            host,
            (sig) =>
              text(
                i < 2
                  ? `${server.url}/barrier/4?key=${key}&timeout=1500&h=${host}`
                  : `${server.url}/delay/150?h=${host}&i=${i}`,
                sig,
              ),
            signal,
          ),
        ),
      ),
    ),
  );
  const log = seen.requests;
  const timedOut = log.filter((r) => r.status === 408).length;
  if (
    timedOut > 0 ||
    log.filter((r) => r.path.startsWith("/barrier")).length < 4
  ) {
    return fail({
      observed:
        `the barrier of 4 (2 per host) gave up: ${peak(log)} in flight at ` +
        "most across both hosts, so one limit shared by every host",
      hint: HINT.perHost,
      requests: log,
    });
  }
  for (const host of ["a", "b"]) {
    const mine = log.filter((r) => r.path.includes(`h=${host}`));
    const most = peak(mine);
    if (most > 2) {
      return fail({
        observed: `${most} tasks of host ${host} in flight at once: more than the limit of 2`,
        hint: HINT.limit,
        requests: log,
      });
    }
  }
  if (seen.error !== null) {
    return fail({
      observed: `it failed: ${seen.error}`,
      hint: HINT.limit,
      requests: log,
    });
  }
  return null;
}

// Host r at 5 a second: one task, a quiet spell of three intervals, then
// five quick tasks that must start 200 ms apart (missed starts are not
// saved up). Host s, at the same time, must not wait for host r's rate.
async function rateCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 4, ratePerSecond: 5 });
  const started: Record<string, number> = {};
  const job = (name: string) => (sig: AbortSignal) => {
    started[name] = performance.now();
    return text(`${server.url}/delay/0?job=${name}`, sig);
  };
  const seen = await observe(server, DEADLINE_MS, async (signal) => {
    await s.run("r", job("warm"), signal);
    await sleep(600, undefined, { signal });
    await Promise.all([
      ...[0, 1, 2, 3, 4].map((i) => s.run("r", job(`r${i}`), signal)),
      ...[0, 1].map((i) => s.run("s", job(`s${i}`), signal)),
    ]);
  });
  const r = seen.requests.filter((q) => /job=r\d/.test(q.path));
  const starts = r.map((q) => q.arrivedAt).sort((a, b) => a - b);
  const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
  const closest = Math.min(...gaps);
  // 200 ms wanted; 120 leaves room for a late first request.
  if (gaps.length < 4 || closest < 120) {
    // Short gaps first, then the rate: starts saved up, then spent.
    const burst = (gaps[0] ?? 0) < 120 && (gaps.at(-1) ?? 0) >= 120;
    return fail({
      observed:
        `starts ${gaps.map((g) => g.toFixed(0)).join(", ")} ms apart: too ` +
        "close together for a rate of 5 a second (200 ms)" +
        (burst
          ? ", after a quiet spell of 600 ms: the starts missed then " +
            "came in a burst (the next start is due `interval` after the " +
            "last one, not on a grid)"
          : ""),
      hint: HINT.rate,
      requests: seen.requests,
    });
  }
  const lag = (started["s0"] ?? Infinity) - (started["r0"] ?? 0);
  if (lag > 100) {
    return fail({
      observed:
        `host s's first task started ${lag.toFixed(0)} ms after host r's ` +
        "next one: the hosts share one rate",
      hint: HINT.perHost,
      requests: seen.requests,
    });
  }
  return null;
}

// A pause on an idle host, and a pause over a start that a rate timer was
// already waiting for; another host is never held up.
async function pauseCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 2, ratePerSecond: 5 });
  const started: Record<string, number> = {};
  const t0 = performance.now();
  const job = (name: string) => async (sig: AbortSignal) => {
    started[name] = performance.now() - t0;
    return text(`${server.url}/delay/0?job=${name}`, sig);
  };
  const seen = await observe(server, DEADLINE_MS, async (signal) => {
    s.pauseHost("p", 500);
    const first = [
      s.run("p", job("p1"), signal),
      s.run("q", job("q1"), signal),
    ];
    // Host w: one start now, the next one waiting for the rate's timer.
    const w = [s.run("w", job("w1"), signal), s.run("w", job("w2"), signal)];
    s.pauseHost("w", 600);
    // Host v: a long pause, then a shorter one that must not cut it short.
    s.pauseHost("v", 500);
    s.pauseHost("v", 100);
    const v = s.run("v", job("v1"), signal);
    await Promise.all([...first, ...w, v]);
  });
  const at = (name: string) => started[name] ?? Infinity;
  const log = seen.requests;
  if (at("p1") < 450) {
    return fail({
      observed: `a task started ${at("p1").toFixed(0)} ms into a 500 ms pause: Retry-After ignored`,
      hint: HINT.pause,
      requests: log,
    });
  }
  if (at("q1") > 300) {
    return fail({
      observed: `host q waited ${at("q1").toFixed(0)} ms for host p's pause: one limit shared by every host`,
      hint: HINT.perHost,
      requests: log,
    });
  }
  if (at("w2") < 550) {
    return fail({
      observed:
        `the waiting task started ${at("w2").toFixed(0)} ms into a 600 ms ` +
        "pause: its old timer for the rate fired",
      hint: HINT.pause,
      requests: log,
    });
  }
  if (at("v1") < 450) {
    return fail({
      observed:
        `a task started ${at("v1").toFixed(0)} ms into a 500 ms pause, ` +
        "because a later pause of 100 ms cut it short (a pause moves the " +
        "next start later, never earlier)",
      hint: HINT.pause,
      requests: log,
    });
  }
  return null;
}

interface AbortSetup {
  /** The host's limit and rate, and what the first task asks for. */
  perHost: number;
  ratePerSecond: number;
  firstPath: string;
  /** The abort comes this long after the tasks are handed over. */
  abortAtMs: number;
  /** What the aborted task was waiting for, in words. */
  waitingFor: string;
  /** How soon after its abort the task's promise must reject. */
  rejectWithinMs: number;
  /** Why it started all the same, in words. */
  why: string;
}

// One host: a first task starts, a second waits (for a slot or for the
// rate) and is aborted; it must reject at once and never start, and the
// third one still runs.
async function abortWhileWaiting(
  impl: Impl,
  server: ServerClient,
  setup: AbortSetup,
) {
  const { perHost, ratePerSecond } = setup;
  const s = impl.createScheduler({ perHost, ratePerSecond });
  const controller = new AbortController();
  let rejectedAfter = Infinity;
  let victimStarted = false;
  let abortedAt = 0;
  const seen = await observe(server, DEADLINE_MS, async (signal) => {
    const first = s.run(
      "x",
      (sig) => text(`${server.url}${setup.firstPath}`, sig),
      signal,
    );
    const victim = s.run(
      "x",
      (sig) => {
        victimStarted = true;
        return text(`${server.url}/delay/0?x=aborted`, sig);
      },
      AbortSignal.any([signal, controller.signal]),
    );
    const settled = victim.then(
      () => {},
      () => {
        rejectedAfter = performance.now() - abortedAt;
      },
    );
    const last = s.run(
      "x",
      (sig) => text(`${server.url}/delay/0?x=last`, sig),
      signal,
    );
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, setup.abortAtMs);
    await Promise.all([first, last]);
    await settled;
  });
  const log = seen.requests;
  if (victimStarted || log.some((r) => r.path.includes("x=aborted"))) {
    return fail({
      observed:
        `a task aborted while it waited for ${setup.waitingFor} still ` +
        `started after its abort: ${setup.why}`,
      hint: HINT.abort,
      requests: log,
    });
  }
  if (rejectedAfter > setup.rejectWithinMs) {
    return fail({
      observed:
        `a task aborted while it waited for ${setup.waitingFor} did not ` +
        "reject at its abort" +
        (Number.isFinite(rejectedAfter)
          ? ` (only after ${rejectedAfter.toFixed(0)} ms)`
          : ""),
      hint: HINT.abort,
      requests: log,
    });
  }
  if (!log.some((r) => r.path.includes("x=last"))) {
    return fail({
      observed: `the task after the aborted one never ran (${seen.error ?? "no request"})`,
      hint: HINT.abort,
      requests: log,
    });
  }
  return null;
}

// One at a time: the second task waits for the slot of a long first one.
const abortCase = (impl: Impl, server: ServerClient) =>
  abortWhileWaiting(impl, server, {
    perHost: 1,
    ratePerSecond: 1000,
    firstPath: "/delay/400?x=long",
    abortAtMs: 100,
    waitingFor: "a slot",
    rejectWithinMs: 200,
    why: "it stayed in the line",
  });

// Four at a time, 5 a second: a slot is free, but the second task's start
// is not due for 200 ms.
const rateAbortCase = (impl: Impl, server: ServerClient) =>
  abortWhileWaiting(impl, server, {
    perHost: 4,
    ratePerSecond: 5,
    firstPath: "/delay/0?x=first",
    abortAtMs: 50,
    waitingFor: "the rate (a slot was free)",
    rejectWithinMs: 150,
    why: "nothing ended its wait for the rate",
  });

// One at a time: a task that has started is aborted (its request ends);
// the two waiting behind it, with signals of their own, must both run.
async function lateAbortCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 1, ratePerSecond: 1000 });
  const controller = new AbortController();
  const seen = await observe(server, 2500, async (signal) => {
    const running = s.run(
      "z",
      (sig) => text(`${server.url}/delay/400?z=running`, sig),
      AbortSignal.any([signal, controller.signal]),
    );
    const later = ["b", "c"].map((name) =>
      s.run("z", (sig) => text(`${server.url}/delay/0?z=${name}`, sig), signal),
    );
    setTimeout(() => controller.abort(), 100);
    await running.catch(() => {});
    await Promise.all(later);
  });
  const ran = ["b", "c"].filter((name) =>
    seen.requests.some((r) => r.path.includes(`z=${name}`)),
  );
  if (ran.length === 0) {
    return fail({
      observed:
        "the task that was aborted while it ran never gave its slot back: " +
        `neither task waiting behind it ran (${seen.error ?? "no error"})`,
      hint: HINT.limit,
      requests: seen.requests,
    });
  }
  if (ran.length < 2) {
    return fail({
      observed:
        "a late abort (of a task that had already started) took another " +
        `task out of the line: of the two waiting, ${ran.length} ran ` +
        `(${seen.error ?? "no error"}); remove the abort listener when ` +
        "the task starts",
      hint: HINT.abort,
      requests: seen.requests,
    });
  }
  return null;
}

// One at a time: a task that fails must give its slot to the next, once:
// the three after it still run one at a time.
async function failureCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 1, ratePerSecond: 1000 });
  const seen = await observe(server, 2500, async (signal) => {
    const failing = s.run(
      "f",
      async (sig) => {
        await text(`${server.url}/status/500?f=1`, sig);
        throw new Error("HTTP 500");
      },
      signal,
    );
    await failing.catch(() => {});
    return Promise.all(
      [2, 3, 4].map((n) =>
        s.run(
          "f",
          (sig) => text(`${server.url}/delay/100?f=${n}`, sig),
          signal,
        ),
      ),
    );
  });
  const after = seen.requests.filter((r) => !r.path.includes("f=1"));
  if (seen.error !== null || after.length === 0) {
    return fail({
      observed: `a task that failed never gave its slot back: the next one did not run (${seen.error ?? "no request"})`,
      hint: HINT.limit,
      requests: seen.requests,
    });
  }
  const most = peak(after);
  if (most > 1) {
    return fail({
      observed:
        `${most} tasks in flight at once after a failed one: more than ` +
        "the limit of 1, so the failed task's slot was given back twice",
      hint: HINT.limit,
      requests: seen.requests,
    });
  }
  return null;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["createScheduler"]);
  if (missing !== undefined) return missing;
  if (impl !== solution && impl.createScheduler === solution.createScheduler) {
    return {
      passed: false,
      expected: EXPECTED,
      observed:
        "your createScheduler is the lesson's own (the worked solution's, " +
        "which host-scheduler.ts re-exports for the crawler): write the " +
        "scheduler in task.ts",
      details: [],
    };
  }
  const cases = [
    perHostCase,
    rateCase,
    pauseCase,
    abortCase,
    rateAbortCase,
    failureCase,
    lateAbortCase,
  ];
  for (const judge of cases) {
    const failed = await judge(impl, server);
    if (failed !== null) return failed;
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      "2 per host with both hosts at once, starts 200 ms apart (after a " +
      "quiet spell too) and hosts apart, pauses kept, an aborted wait " +
      "never started, a late abort harmless, a failed task's slot given " +
      "back once",
  };
}
