// The runs of lesson 7, for `npm run lesson -- 7` and the recorded page output.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { serverClient } from "../../src/server/client.ts";
import { fetchWithPLimit, fetchWithSemaphore } from "./limited-fetch.ts";
import { fetchWithPool } from "./pooled-fetch.ts";
import { runUnderFileLimit } from "./too-many-files.ts";

// macOS starts every shell with `ulimit -n 256`: where the seeds met
// "Too many open files".
const FILE_LIMIT = 256;
const SEED_TASKS = 1000;
const SEED_LIMIT = 500;
// Twelve requests, three at a time: few enough to draw, uneven on purpose.
const SMALL_DELAYS_MS = [
  300, 100, 200, 100, 300, 200, 100, 200, 300, 200, 100, 300,
];
const SMALL_LIMIT = 3;

async function serverPeak(ctx: RunContext): Promise<number> {
  const stats = await serverClient(ctx.serverUrl, ctx.echo).stats();
  return stats.peakInFlight;
}

async function atOnceRun(ctx: RunContext, limit?: number): Promise<void> {
  const path = limit === undefined ? "/delay/1000" : "/delay/100";
  const how =
    limit === undefined ? "at once" : `through a semaphore of ${limit}`;
  ctx.print(`${SEED_TASKS} x GET ${path} ${how}, ulimit -n ${FILE_LIMIT}`);
  const report = await runUnderFileLimit({
    fileLimit: FILE_LIMIT,
    count: SEED_TASKS,
    url: new URL(path, ctx.serverUrl),
    ...(limit !== undefined && { limit }),
    signal: ctx.signal,
  });
  // Only the unlimited run is about where the descriptors went.
  if (limit === undefined && report.descriptorsBefore !== null) {
    ctx.print(
      `descriptors Node held before the first request: ${report.descriptorsBefore}`,
    );
  }
  ctx.print(`succeeded: ${report.succeeded}`);
  ctx.print(
    `failed: ${report.failed}${report.errorCode === null ? "" : ` (${report.errorCode})`}`,
  );
  if (report.openWhenFailed !== null) {
    ctx.print(
      `sockets open when the first one failed: ${report.openWhenFailed}`,
    );
  }
  ctx.print(`the server's peak in flight: ${await serverPeak(ctx)}`);
}

async function seedRun(ctx: RunContext): Promise<void> {
  const paths = Array.from({ length: SEED_TASKS }, () => "/delay/1000");
  const start = performance.now();
  const bodies = await fetchWithSemaphore(
    ctx.serverUrl,
    paths,
    SEED_LIMIT,
    ctx,
  );
  const ms = performance.now() - start;
  ctx.print(`${bodies.length} x GET /delay/1000, Semaphore(${SEED_LIMIT})`);
  ctx.print(`the server's peak in flight: ${await serverPeak(ctx)}`);
  ctx.print(`all answered after ${formatMs(ms)}`);
}

type FetchLimited = typeof fetchWithSemaphore;

async function smallRun(
  ctx: RunContext,
  fetchAll: FetchLimited,
): Promise<void> {
  const paths = SMALL_DELAYS_MS.map((ms) => `/delay/${ms}`);
  const start = performance.now();
  const bodies = await fetchAll(ctx.serverUrl, paths, SMALL_LIMIT, ctx);
  const ms = performance.now() - start;
  const stats = await serverClient(ctx.serverUrl, ctx.echo).stats();
  ctx.print(`${bodies.length} requests, limit ${SMALL_LIMIT}`);
  ctx.print(`the server's peak in flight: ${stats.peakInFlight}`);
  // Only the pool's count is its own: `fetch` may reuse connections that
  // earlier runs left open, or open new ones while its others are busy.
  if (fetchAll === fetchWithPool) {
    ctx.print(`connections the server accepted: ${stats.totalConnections}`);
  }
  ctx.print(`all answered after ${formatMs(ms)}`);
}

export const runs: LessonRun[] = [
  {
    name: "too-many-files",
    title: "1000 requests at once in a process allowed 256 open files",
    run: (ctx) => atOnceRun(ctx),
    timeline: false,
    variesByMachine:
      "how many descriptors Node holds before its first request differs " +
      "from machine to machine, and so does how many sockets fit under 256",
  },
  {
    name: "under-limit-with-semaphore",
    title: "The same 1000 requests through a semaphore of 100",
    run: (ctx) => atOnceRun(ctx, 100),
    timeline: false,
  },
  {
    name: "seed",
    title: "The seed: 1000 tasks, a semaphore of 500",
    run: seedRun,
    timeline: false,
  },
  {
    name: "semaphore",
    title: "12 requests of uneven length, a semaphore of 3",
    run: (ctx) => smallRun(ctx, fetchWithSemaphore),
  },
  {
    name: "p-limit",
    title: "The same 12 requests with p-limit(3)",
    run: (ctx) => smallRun(ctx, fetchWithPLimit),
  },
  {
    name: "pool",
    title: "The same 12 requests over an http.Agent of 3 sockets",
    run: (ctx) => smallRun(ctx, fetchWithPool),
  },
];
