// The runs of lesson 1, for `npm run lesson -- 1` and the recorded page output.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { settledStats } from "../../src/server/settled.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { figuresLine, measured, runOriginal } from "../../src/lib/python.ts";
import { traceForRun } from "../../src/lib/loop-trace.ts";
import { fetchBlocking } from "./blocking.ts";
import { fetchConcurrently, fetchSequentially } from "./fetch-all.ts";
import { fetchPath } from "./fetch-path.ts";
import { errorLine, firstLine, runProgram } from "./run-program.ts";
import { startThenBusy } from "./starts.ts";
import { watchTimer, type TimerReport } from "./watch-timer.ts";

const ORIGINAL_PATHS = ["/bar", "/foo"];
// Different delays make the point: concurrent time is the longest one.
const DELAYS_MS = [300, 100, 500, 200, 400];
const TICK_MS = 100;
const BUSY_MS = 300;
const STARTED_PATH = "/delay/200";
// Two processes, two readings of a whole-millisecond clock: this much
// either way is the same moment.
const CLOCK_SLACK_MS = 2;

type FetchList = typeof fetchSequentially;

async function originalRun(
  ctx: RunContext,
  fetchList: FetchList,
): Promise<void> {
  const start = performance.now();
  const bodies = await fetchList(ctx.serverUrl, ORIGINAL_PATHS, ctx);
  const ms = performance.now() - start;
  ORIGINAL_PATHS.forEach((path, i) => ctx.print(`GET ${path} -> ${bodies[i]}`));
  ctx.print(`both answered after ${formatMs(ms)}`);
}

async function timeDelays(ctx: RunContext, fetchList: FetchList) {
  const paths = DELAYS_MS.map((ms) => `/delay/${ms}`);
  const start = performance.now();
  const bodies = await fetchList(ctx.serverUrl, paths, ctx);
  return { bodies, ms: performance.now() - start };
}

async function nRequestsRun(ctx: RunContext): Promise<void> {
  const sum = DELAYS_MS.reduce((a, b) => a + b, 0);
  const longest = Math.max(...DELAYS_MS);
  ctx.print(`${DELAYS_MS.length} requests: ${DELAYS_MS.join(", ")} ms`);
  const sequential = await timeDelays(ctx, fetchSequentially);
  ctx.print(`sequential: ${formatMs(sequential.ms)}`);
  ctx.print(`  (the delays add up to ${formatMs(sum)})`);
  const concurrent = await timeDelays(ctx, fetchConcurrently);
  ctx.print(`concurrent: ${formatMs(concurrent.ms)}`);
  ctx.print(`  (the longest delay is ${formatMs(longest)})`);
  ctx.print("bodies from the concurrent run, in input order:");
  for (const body of concurrent.bodies) ctx.print(`  ${body.trim()}`);
}

function describeTicks(ticks: number): string {
  if (ticks === 0) return "never ticked";
  return ticks === 1 ? "ticked once" : "kept ticking";
}

function printWatch(ctx: RunContext, what: string, seen: TimerReport<string>) {
  ctx.print(`${what} took ${formatMs(seen.ms)}`);
  ctx.print(`  the ${formatMs(TICK_MS)} timer ${describeTicks(seen.ticks)}`);
  ctx.print(`  its longest silence: ${formatMs(seen.longestSilenceMs)}`);
}

async function blockingRun(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const blocked = await watchTimer(() => fetchBlocking(url, "/bar"), TICK_MS);
  printWatch(ctx, "blocking: GET /bar with execFileSync", blocked);
  const awaited = await watchTimer(() => fetchPath(url, "/foo", ctx), TICK_MS);
  printWatch(ctx, "awaiting: GET /foo with fetch", awaited);
}

/** The server's stats, its log without the stats requests. */
async function serverStats(ctx: RunContext): Promise<ServerStats> {
  const response = await fetch(`${ctx.serverUrl}/stats`, ctx);
  const stats = (await response.json()) as ServerStats;
  const requests = stats.requests.filter((r) => !r.path.startsWith("/stats"));
  return { ...stats, requests };
}

async function startsRun(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const seen = await startThenBusy(url, STARTED_PATH, BUSY_MS, ctx);
  const { epoch, requests } = await serverStats(ctx);
  const request = requests.find((r) => r.path === STARTED_PATH);
  if (request === undefined) throw new Error("the server logged no request");
  // Every time from the moment `fetchPath` was called.
  const since = (at: number) => formatMs(Math.max(0, at - seen.calledAt));
  const arrivedAt = epoch + request.arrivedAt;
  const when =
    arrivedAt >= seen.busyEndedAt - CLOCK_SLACK_MS
      ? "after the busy loop had ended"
      : "while the busy loop was still running";
  ctx.print(
    `fetchPath() returned a pending promise after ${formatMs(seen.returnedAfterMs)}`,
  );
  ctx.print(`the thread was busy until ${since(seen.busyEndedAt)}`);
  ctx.print(
    `the server saw GET ${STARTED_PATH} arrive at ${since(arrivedAt)},`,
  );
  ctx.print(`  ${when}`);
  ctx.print(`the body came back: ${seen.body.trim()}`);
}

async function unhandledRun(ctx: RunContext): Promise<void> {
  const program = new URL("./programs/await-later.ts", import.meta.url);
  let seen = 0;
  for (const mode of ["in-turn", "all"]) {
    ctx.print(`await-later.ts ${mode}: /delay/1000 and /status/500`);
    const exit = await runProgram(program, [ctx.serverUrl, mode]);
    for (const line of exit.stdout) ctx.print(`  | ${line}`);
    if (exit.stdout.length === 0) {
      ctx.print("  printed nothing: neither a body nor the catch block's line");
    }
    ctx.print(`  exited with code ${exit.code} after ${formatMs(exit.ms)}`);
    if (exit.code !== 0) {
      ctx.print(`  stderr, first line: ${firstLine(exit.stderr)}`);
      ctx.print(`  the error: ${errorLine(exit.stderr)}`);
    }
    // This program's requests, sorted by path: requests sent together may
    // arrive in either order.
    const { requests } = await settledStats({ stats: () => serverStats(ctx) });
    const mine = requests.slice(seen);
    seen = requests.length;
    ctx.print("  the server's log:");
    for (const r of mine.toSorted((a, b) => a.path.localeCompare(b.path))) {
      ctx.print(`    GET ${r.path}: ${r.outcome}`);
    }
  }
}

const CONCURRENT = new URL("./programs/concurrent.ts", import.meta.url);

/** The concurrent run again, in a process of its own with the loop traced. */
async function watchConcurrentRun(ctx: RunContext): Promise<void> {
  ctx.print("node programs/concurrent.ts, traced:");
  const trace = await traceForRun(ctx, CONCURRENT, [ctx.serverUrl], "  ");
  const sockets = new Set(
    trace.events.flatMap((e) => (e.kind === "io" ? [e.socket] : [])),
  );
  ctx.print(`sockets the program used: ${sockets.size}`);
}

const FETCH_BOTH_PY = new URL("./fetch_both.py", import.meta.url).pathname;

/** fetch_both.py, then the TypeScript both ways, in one run. */
async function asyncioOriginalRun(ctx: RunContext): Promise<void> {
  const python = await measured(ctx, () =>
    runOriginal(ctx, FETCH_BOTH_PY, [ctx.serverUrl], ["asyncio", "aiohttp"]),
  );
  if (python.value === null) return;
  ctx.print("python3 fetch_both.py printed:");
  for (const line of python.value) ctx.print(`  ${line}`);
  ctx.print("the TypeScript, one after the other, then with Promise.all:");
  const indented = { ...ctx, print: (line: string) => ctx.print(`  ${line}`) };
  const sequential = await measured(ctx, () =>
    originalRun(indented, fetchSequentially),
  );
  const concurrent = await measured(ctx, () =>
    originalRun(indented, fetchConcurrently),
  );
  ctx.print("as the server saw each, in this run:");
  const sides = [
    ["Python, blocking", python.requests.slice(0, 2)],
    ["Python, asyncio.gather", python.requests.slice(2)],
    ["TypeScript, one after the other", sequential.requests],
    ["TypeScript, Promise.all", concurrent.requests],
  ] as const;
  for (const [label, log] of sides) ctx.print(`  ${figuresLine(label, log)}`);
}

export const runs: LessonRun[] = [
  {
    name: "sequential",
    title: "GET /bar, then GET /foo (each route sleeps 1 s)",
    run: (ctx) => originalRun(ctx, fetchSequentially),
  },
  {
    name: "concurrent",
    title: "GET /bar and GET /foo at the same time",
    run: (ctx) => originalRun(ctx, fetchConcurrently),
  },
  {
    name: "watch-concurrent",
    title: "GET /bar and GET /foo at the same time, the loop traced",
    run: watchConcurrentRun,
  },
  {
    name: "n-requests",
    title: "Five delays: one after another, then all at once",
    run: nRequestsRun,
  },
  {
    name: "blocking",
    title: "A 100 ms timer while we block, and while we await",
    run: blockingRun,
  },
  {
    name: "starts",
    title: "fetch() starts a request; 300 ms of busy work before it is sent",
    run: startsRun,
  },
  {
    name: "unhandled",
    title: "A rejection nobody listens to yet ends the process",
    run: unhandledRun,
  },
  {
    name: "asyncio-original",
    title: "fetch_both.py (urllib, then aiohttp and gather), then ours",
    run: asyncioOriginalRun,
  },
];
