// The runs of lesson 6, for `npm run lesson -- 6` and the recorded page output.
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { fetchConcurrently } from "../01-sync-vs-async/fetch-all.ts";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { runOriginal } from "../../src/lib/python.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { fetchAllOrAbort } from "./all-or-abort.ts";
import { describeResult, fetchSettled } from "./all-settled.ts";
import { fetchFromAny } from "./any.ts";
import { asCompleted } from "./as-completed.ts";
import { fetchWithin } from "./race.ts";
import { settledRunLog } from "../../src/server/settled.ts";
import { wait, type ReturnWhen, type Waited } from "./wait.ts";

const delayPaths = (delays: number[]) => delays.map((ms) => `/delay/${ms}`);

// Five routes whose answers finish in a different order than they are asked.
const FIVE = delayPaths([400, 150, 600, 50, 250]);
// The failing route answers its 500 after 100 ms, so that the two slow
// requests have reached the server by then, even on a busy machine: a
// request aborted before it arrives leaves nothing in the server's log.
const ONE_FAILS = [...delayPaths([300, 600]), "/status/500?after=100"];

/** What the server did with each path, in the order of `paths`. */
function printOutcomes(ctx: RunContext, paths: string[], log: RequestRecord[]) {
  ctx.print("what the server did with each request:");
  for (const path of paths) {
    const record = log.find((r) => r.path === path);
    const end = record?.finishedAt;
    ctx.print(
      record === undefined || end === null || end === undefined
        ? `  ${path}: not finished`
        : `  ${path}: ${record.outcome}${record.status ? ` (${record.status})` : ""} at ${formatMs(end)}`,
    );
  }
}

async function inOrderRun(ctx: RunContext): Promise<void> {
  const bodies = await fetchConcurrently(ctx.serverUrl, FIVE, ctx);
  ctx.print("Promise.all resolved with the bodies in input order:");
  for (const body of bodies) ctx.print(`  ${body.trim()}`);
  const log = await settledRunLog(ctx);
  const byFinish = log.toSorted(
    (a, b) => (a.finishedAt ?? Infinity) - (b.finishedAt ?? Infinity),
  );
  ctx.print("the server finished them in this order:");
  for (const r of byFinish)
    ctx.print(`  ${r.path} at ${formatMs(r.finishedAt ?? 0)}`);
}

type FetchAll = typeof fetchConcurrently;

async function oneFailsRun(ctx: RunContext, fetchAll: FetchAll) {
  const start = performance.now();
  try {
    await fetchAll(ctx.serverUrl, ONE_FAILS, ctx);
    ctx.print("resolved, although one request failed");
  } catch (error) {
    ctx.print(`rejected after ${formatMs(performance.now() - start)}:`);
    ctx.print(`  ${String(error)}`);
  }
  printOutcomes(ctx, ONE_FAILS, await settledRunLog(ctx));
}

async function allSettledRun(ctx: RunContext): Promise<void> {
  const paths = ["/delay/200", "/status/503", "/delay/100"];
  const results = await fetchSettled(ctx.serverUrl, paths, ctx);
  results.forEach((result, i) => {
    ctx.print(`${paths[i]} -> ${describeResult(result)}`);
  });
}

async function raceRun(ctx: RunContext): Promise<void> {
  const attempts: [string, number][] = [
    ["/delay/100", 300],
    ["/delay/800", 300],
  ];
  for (const [path, ms] of attempts) {
    try {
      const body = await fetchWithin(ctx.serverUrl, path, ms, ctx);
      ctx.print(`${path} within ${formatMs(ms)}: ${body.trim()}`);
    } catch (error) {
      ctx.print(`${path} within ${formatMs(ms)}: ${String(error)}`);
    }
  }
  printOutcomes(ctx, delayPaths([100, 800]), await settledRunLog(ctx));
}

async function anyRun(ctx: RunContext): Promise<void> {
  const mirrors = ["/status/503", "/delay/300", "/delay/150"];
  const body = await fetchFromAny(ctx.serverUrl, mirrors, ctx);
  ctx.print(`first good answer: ${body.trim()}`);
  printOutcomes(ctx, mirrors, await settledRunLog(ctx));
  const allDown = ["/status/500", "/status/502", "/status/503"];
  try {
    await fetchFromAny(ctx.serverUrl, allDown, ctx);
  } catch (error) {
    if (!(error instanceof AggregateError)) throw error;
    ctx.print(`every mirror failed: ${String(error)}`);
    for (const reason of error.errors) ctx.print(`  ${String(reason)}`);
  }
}

async function asCompletedRun(ctx: RunContext): Promise<void> {
  const paths = delayPaths([450, 50, 250]);
  ctx.print(`asked, in this order: ${paths.join(", ")}`);
  const start = performance.now();
  const pending = paths.map((path) => fetchPath(ctx.serverUrl, path, ctx));
  for await (const body of asCompleted(pending)) {
    ctx.print(`after ${formatMs(performance.now() - start)}: ${body.trim()}`);
  }
}

// One batch for every way of waiting: a quick success, a failure at
// 250 ms (a deadline cuts /delay/600 short), and a slower success.
const SIDE_BY_SIDE_DEADLINE_MS = 250;
const SIDE_BY_SIDE = "/delay/100, /delay/600 (250 ms deadline), /delay/400";

function sideBySideBatch(ctx: RunContext): Promise<string>[] {
  const url = ctx.serverUrl;
  return [
    fetchPath(url, "/delay/100", ctx),
    fetchWithin(url, "/delay/600", SIDE_BY_SIDE_DEADLINE_MS, ctx),
    fetchPath(url, "/delay/400", ctx),
  ];
}

const describeSettled = (outcome: PromiseSettledResult<string>) =>
  outcome.status === "fulfilled" ? outcome.value.trim() : "failed";

function describeWaited({ done, pending }: Waited<string>): string {
  const members = done.map((d) => `${d.index + 1} (${describeSettled(d)})`);
  const rest = pending.map((i) => i + 1);
  return `done ${members.join(", ")}; pending ${rest.join(", ") || "none"}`;
}

type Way = [string, (batch: Promise<string>[]) => Promise<string>];

const joined = (bodies: string[]) => bodies.map((b) => b.trim()).join(", ");

const WAYS: Way[] = [
  ["Promise.all", async (b) => joined(await Promise.all(b))],
  [
    "Promise.allSettled",
    async (b) => (await Promise.allSettled(b)).map(describeSettled).join(", "),
  ],
  ["Promise.race", async (b) => (await Promise.race(b)).trim()],
  ["Promise.any", async (b) => (await Promise.any(b)).trim()],
  ...(
    ["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"] as ReturnWhen[]
  ).map((when): Way => [
    `wait(${when})`,
    async (b) => describeWaited(await wait(b, when)),
  ]),
];

async function sideBySideRun(ctx: RunContext): Promise<void> {
  ctx.print(`each on a fresh batch: ${SIDE_BY_SIDE}`);
  for (const [name, way] of WAYS) {
    const batch = sideBySideBatch(ctx);
    const start = performance.now();
    const outcome = await way(batch).then(
      (value) => `resolved with ${value}`,
      (error: unknown) => `rejected with ${String(error)}`,
    );
    const ms = performance.now() - start;
    ctx.print(`${name} after ${formatMs(ms)}:`);
    ctx.print(`  ${outcome}`);
    // Let the rest of the batch finish before the next way starts.
    await Promise.allSettled(batch);
  }
}

const GATHER_PY = new URL("./gather.py", import.meta.url).pathname;

/** gather.py, then TypeScript's `wait` on the same batch, in one run. */
async function asyncioOriginalRun(ctx: RunContext): Promise<void> {
  const lines = await runOriginal(
    ctx,
    GATHER_PY,
    [ctx.serverUrl],
    ["asyncio", "aiohttp"],
  );
  if (lines === null) return;
  ctx.print("python3 gather.py, with aiohttp, printed:");
  for (const line of lines) ctx.print(`  ${line}`);
  ctx.print("TypeScript's wait() on the same batch, in this run:");
  for (const when of ["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"]) {
    const batch = sideBySideBatch(ctx);
    const start = performance.now();
    const waited = await wait(batch, when as ReturnWhen);
    const ms = performance.now() - start;
    ctx.print(`  wait(${when}) after ${formatMs(ms)}:`);
    ctx.print(`    ${describeWaited(waited)}`);
    await Promise.allSettled(batch);
  }
}

export const runs: LessonRun[] = [
  {
    name: "in-order",
    title: "Five requests with Promise.all: input order, not finishing order",
    run: inOrderRun,
  },
  {
    name: "one-fails",
    title: "Promise.all when one request fails: the others keep running",
    run: (ctx) => oneFailsRun(ctx, fetchConcurrently),
  },
  {
    name: "abort-on-failure",
    title: "The first failure aborts the others",
    run: (ctx) => oneFailsRun(ctx, fetchAllOrAbort),
  },
  {
    name: "all-settled",
    title: "Promise.allSettled: every outcome, failures included",
    run: allSettledRun,
  },
  {
    name: "race",
    title: "Promise.race against a 300 ms deadline",
    run: raceRun,
  },
  {
    name: "any",
    title: "Promise.any: the first mirror that answers",
    run: anyRun,
  },
  {
    name: "side-by-side",
    title: "One batch, seven ways to wait for it: Promise.* and asyncio.wait",
    run: sideBySideRun,
    timeline: false,
  },
  {
    name: "as-completed",
    title: "Results as they complete, with for await",
    run: asCompletedRun,
  },
  {
    name: "asyncio-original",
    title: "gather.py with aiohttp, then TypeScript's wait() on its batch",
    run: asyncioOriginalRun,
  },
];
