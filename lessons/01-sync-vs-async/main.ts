// The runs of lesson 1, for `npm run lesson -- 1` and the recorded page output.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { fetchBlocking } from "./blocking.ts";
import { fetchConcurrently, fetchSequentially } from "./fetch-all.ts";
import { fetchPath } from "./fetch-path.ts";
import { watchTimer, type TimerReport } from "./watch-timer.ts";

const SEED_PATHS = ["/bar", "/foo"];
// Different delays make the point: concurrent time is the longest one.
const DELAYS_MS = [300, 100, 500, 200, 400];
const TICK_MS = 100;

type FetchList = typeof fetchSequentially;

async function seedRun(ctx: RunContext, fetchList: FetchList): Promise<void> {
  const start = performance.now();
  const bodies = await fetchList(ctx.serverUrl, SEED_PATHS, ctx);
  const ms = performance.now() - start;
  SEED_PATHS.forEach((path, i) => ctx.print(`GET ${path} -> ${bodies[i]}`));
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

export const runs: LessonRun[] = [
  {
    name: "sequential",
    title: "GET /bar, then GET /foo (each route sleeps 1 s)",
    run: (ctx) => seedRun(ctx, fetchSequentially),
  },
  {
    name: "concurrent",
    title: "GET /bar and GET /foo at the same time",
    run: (ctx) => seedRun(ctx, fetchConcurrently),
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
];
