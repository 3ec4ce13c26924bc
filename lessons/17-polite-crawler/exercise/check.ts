// Tells a per-host scheduler from one that shares one limit between hosts,
// ignores the limit or the rate, ignores a pause (Retry-After) or lets an
// old timer break it, starts a task whose wait was aborted, or keeps the
// slot of a task that failed. Each case is judged by the server's log (or
// the task's own start time), with a deadline.
import { randomUUID } from "node:crypto";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const HINT = { perHost: 1, limit: 2, rate: 3, pause: 4, abort: 5 } as const;
const DEADLINE_MS = 4000;
const EXPECTED =
  "at most perHost tasks of one host at once, hosts independent, starts " +
  "1000 / rate ms apart, no start during a pause, an aborted wait never " +
  "started, and a failed task's slot given back";

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

// One host at 5 a second: five quick tasks must start 200 ms apart.
async function rateCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 4, ratePerSecond: 5 });
  const seen = await observe(server, DEADLINE_MS, (signal) =>
    Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        s.run("r", (sig) => text(`${server.url}/delay/0?i=${i}`, sig), signal),
      ),
    ),
  );
  const starts = seen.requests.map((r) => r.arrivedAt).sort((a, b) => a - b);
  const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
  const closest = Math.min(...gaps);
  // 200 ms wanted; 120 leaves room for a late first request.
  if (gaps.length < 4 || closest < 120) {
    return fail({
      observed:
        `starts ${gaps.map((g) => g.toFixed(0)).join(", ")} ms apart: too ` +
        "close together for a rate of 5 a second (200 ms)",
      hint: HINT.rate,
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
    await Promise.all([...first, ...w]);
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
  return null;
}

// One at a time: a task waiting behind a long one is aborted; it must
// reject at once and never start, and the next one still runs.
async function abortCase(impl: Impl, server: ServerClient) {
  const s = impl.createScheduler({ perHost: 1, ratePerSecond: 1000 });
  const controller = new AbortController();
  let rejectedAfter = Infinity;
  let victimStarted = false;
  let abortedAt = 0;
  const seen = await observe(server, DEADLINE_MS, async (signal) => {
    const long = s.run(
      "x",
      (sig) => text(`${server.url}/delay/400?x=long`, sig),
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
    }, 100);
    await Promise.all([long, last]);
    await settled;
  });
  const log = seen.requests;
  if (victimStarted || log.some((r) => r.path.includes("x=aborted"))) {
    return fail({
      observed:
        "the aborted task still started after its abort: it stayed in the line",
      hint: HINT.abort,
      requests: log,
    });
  }
  if (rejectedAfter > 200) {
    return fail({
      observed:
        "the aborted task's promise did not reject at its abort" +
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

// One at a time: a task that fails must give its slot to the next.
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
    return s.run("f", (sig) => text(`${server.url}/delay/0?f=2`, sig), signal);
  });
  if (
    seen.error !== null ||
    !seen.requests.some((r) => r.path.includes("f=2"))
  ) {
    return fail({
      observed: `a task that failed never gave its slot back: the next one did not run (${seen.error ?? "no request"})`,
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
  const cases = [perHostCase, rateCase, pauseCase, abortCase, failureCase];
  for (const judge of cases) {
    const failed = await judge(impl, server);
    if (failed !== null) return failed;
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      "2 per host with both hosts at once, starts 200 ms apart, pauses " +
      "kept, an aborted wait never started, a failed task's slot given back",
  };
}
