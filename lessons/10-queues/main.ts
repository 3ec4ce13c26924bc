// The runs of lesson 10, for `npm run lesson -- 10` and the recorded page
// output.
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { Semaphore } from "../07-semaphores-and-limits/semaphore.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { serverClient } from "../../src/server/client.ts";
import { StepTrace } from "./depth-trace.ts";
import { runPipeline, type PoolEvent, type PoolReport } from "./pool.ts";
import { produceAndConsume } from "./sentinel.ts";
import { CountedSource } from "./source.ts";
import { doneAndInFlight, whenServer } from "./when-server.ts";
import { handleWithPQueue } from "./with-p-queue.ts";

const WORKERS = 3;
const CAPACITY = 4;
// Twelve items of uneven length: few enough to draw, uneven on purpose.
const DELAYS_MS = [200, 100, 150, 250, 100, 200, 150, 100, 250, 150, 200, 100];
const ITEMS = DELAYS_MS.map((ms, i) => `/delay/${ms}?item=${i + 1}`);

function handler(ctx: RunContext) {
  return (path: string, signal: AbortSignal): Promise<string> =>
    fetchPath(ctx.serverUrl, path, {
      signal: AbortSignal.any([signal, ctx.signal]),
    });
}

function stats(ctx: RunContext) {
  return serverClient(ctx.serverUrl, ctx.echo).stats();
}

/** "1, 2, 3" for the items of `paths`, by the number each one names. */
function numbers(paths: readonly string[]): string {
  const ids = paths.map((path) => Number(/item=(\d+)/.exec(path)?.[1]));
  return ids.sort((a, b) => a - b).join(", ") || "none";
}

/** Whether the server saw every item of `paths` exactly once. */
async function eachOnce(ctx: RunContext, paths: readonly string[]) {
  const { requests } = await stats(ctx);
  const seen = requests.map((r) => r.path).sort();
  return seen.join() === [...paths].sort().join();
}

interface Traced {
  report: PoolReport<string>;
  peakDepth: number;
  /** The most items read from the source and not yet taken by a worker. */
  peakAhead: number;
  waits: number;
  producerDoneMs: number;
  ms: number;
  depth: StepTrace;
  inHand: StepTrace;
}

/** The twelve items through a pool, watching the queue as they go. */
async function tracedPipeline(
  ctx: RunContext,
  capacity: number,
  name: string,
): Promise<Traced> {
  const depth = new StepTrace(name);
  const inHand = new StepTrace("items in the workers' hands");
  const start = performance.now();
  const source = new CountedSource(ITEMS);
  let peakDepth = 0;
  let peakAhead = 0;
  let taken = 0;
  let waits = 0;
  let busy = 0;
  let queued = 0;
  let producerDoneMs = 0;
  depth.set(0);
  inHand.set(0);
  const onEvent = (event: PoolEvent<string>): void => {
    depth.set(event.depth);
    peakDepth = Math.max(peakDepth, event.depth);
    if (event.type === "waits-for-room") waits += 1;
    if (event.type === "queued" && ++queued === ITEMS.length) {
      producerDoneMs = performance.now() - start;
    }
    if (event.type === "taken") {
      taken += 1;
      inHand.set(++busy);
    }
    if (event.type === "finished") inHand.set(--busy);
    peakAhead = Math.max(peakAhead, source.read - taken);
  };
  const report = await runPipeline(source, {
    capacity,
    workers: WORKERS,
    handle: handler(ctx),
    onEvent,
    signal: ctx.signal,
  });
  const ms = performance.now() - start;
  return {
    report,
    peakDepth,
    peakAhead,
    waits,
    producerDoneMs,
    ms,
    depth,
    inHand,
  };
}

async function poolRun(ctx: RunContext): Promise<void> {
  const run = await tracedPipeline(ctx, CAPACITY, "items waiting in the queue");
  const once = await eachOnce(ctx, ITEMS);
  ctx.print(
    `${ITEMS.length} items, a queue of ${CAPACITY}, ${WORKERS} workers`,
  );
  ctx.print(
    `handled: ${run.report.handled.length}` +
      (once ? ", each requested exactly once" : ", NOT each exactly once"),
  );
  ctx.print(`the server's peak in flight: ${(await stats(ctx)).peakInFlight}`);
  ctx.print(`the queue's peak depth: ${run.peakDepth}`);
  ctx.print(`the producer found the queue full ${run.waits} times, and waited`);
  ctx.print(
    `it read at most ${run.peakAhead} items ahead of the workers: ` +
      `${run.peakDepth} in the queue, 1 in its waiting put`,
  );
  ctx.print(`its last put went in after ${formatMs(run.producerDoneMs)}`);
  ctx.print(`all handled after ${formatMs(run.ms)}`);
  ctx.plot?.(run.depth.series("items", run.ms));
  ctx.plot?.(run.inHand.series("items", run.ms));
}

async function unboundedRun(ctx: RunContext): Promise<void> {
  const client = serverClient(ctx.serverUrl, ctx.echo);
  // Each of the four gets a server log of its own, for its peak; the
  // recording keeps the last one's.
  const peak = async (): Promise<number> => (await client.stats()).peakInFlight;
  const peakThenReset = async (): Promise<number> => {
    const peakInFlight = await peak();
    await client.reset();
    return peakInFlight;
  };
  for (const [label, capacity] of [
    [`a queue of ${CAPACITY}`, CAPACITY],
    ["no bound", Infinity],
  ] as const) {
    const name = capacity === Infinity ? "a queue with no bound" : label;
    const run = await tracedPipeline(ctx, capacity, name);
    ctx.print(`${label}:`);
    ctx.print(
      `  ${await peakThenReset()} in flight at the peak, ` +
        `${run.peakDepth} waiting in the queue at the peak`,
    );
    ctx.print(
      `  the producer done after ${formatMs(run.producerDoneMs)}, ` +
        `all handled after ${formatMs(run.ms)}`,
    );
    ctx.plot?.(run.depth.series("items waiting", run.ms));
  }
  // The same items behind lesson 7's semaphore: every task is started at
  // once, and all but three wait in its line.
  const semaphore = new Semaphore(WORKERS);
  const line = new StepTrace(
    `waiting for a semaphore of ${WORKERS}, every task started at once`,
  );
  const start = performance.now();
  let longest = 0;
  const watch = (): void => {
    line.set(semaphore.waiting);
    longest = Math.max(longest, semaphore.waiting);
  };
  const handle = handler(ctx);
  const tasks = ITEMS.map((path) => {
    const task = semaphore.withPermit(async () => {
      watch();
      await handle(path, ctx.signal);
    });
    watch();
    return task;
  });
  await Promise.all(tasks);
  const ms = performance.now() - start;
  ctx.print(`a semaphore of ${WORKERS}, every task started at once:`);
  ctx.print(
    `  ${await peakThenReset()} in flight at the peak, ` +
      `${longest} tasks waiting in its line at the peak`,
  );
  ctx.print(`  all handled after ${formatMs(ms)}`);
  ctx.plot?.(line.series("items waiting", ms));
  const first = await acquireFirst(ctx);
  ctx.print(`a semaphore of ${WORKERS}, acquired before each task starts:`);
  ctx.print(
    `  ${await peak()} in flight at the peak, ` +
      `${first.longest} waiting in its line at the peak (the loop itself)`,
  );
  ctx.print(`  all handled after ${formatMs(first.ms)}`);
  ctx.plot?.(first.line.series("items waiting", first.ms));
}

/** The items behind a semaphore again, but the loop waits for a permit
 * before it starts each task: it is held back, as a producer is at `put`. */
async function acquireFirst(ctx: RunContext) {
  const semaphore = new Semaphore(WORKERS);
  const line = new StepTrace(
    `waiting for a semaphore of ${WORKERS}, acquired before each start`,
  );
  const start = performance.now();
  let longest = 0;
  const handle = handler(ctx);
  const tasks: Promise<unknown>[] = [];
  for (const path of ITEMS) {
    const permit = semaphore.acquire(ctx.signal);
    line.set(semaphore.waiting);
    longest = Math.max(longest, semaphore.waiting);
    await permit;
    line.set(semaphore.waiting);
    tasks.push(handle(path, ctx.signal).finally(() => semaphore.release()));
  }
  await Promise.all(tasks);
  return { line, longest, ms: performance.now() - start };
}

function accounting(report: PoolReport<string>, unread: string[]): string[] {
  return [
    `  handled: ${report.handled.length} (${numbers(report.handled)})`,
    `  cancelled in a worker's hands: ${report.cancelled.length}` +
      ` (${numbers(report.cancelled)})`,
    `  failed: ${report.failed.length}`,
    `  never started: ${report.notStarted.length}` +
      ` (${numbers(report.notStarted)})`,
    `  never read from the source: ${unread.length} (${numbers(unread)})`,
  ];
}

/** Twelve items, item 1 quick; once it is done and three more are in
 * flight, ask for `how`. */
async function shutdownOnce(
  ctx: RunContext,
  how: "drain" | "cancel",
  slowMs: number,
): Promise<void> {
  const items = ITEMS.map((_, i) =>
    i === 0 ? "/delay/20?item=1" : `/delay/${slowMs}?item=${i + 1}`,
  );
  const request = new AbortController();
  const source = new CountedSource(items);
  const running = runPipeline(source, {
    capacity: CAPACITY,
    workers: WORKERS,
    handle: handler(ctx),
    ...(how === "drain"
      ? { drain: request.signal }
      : { signal: AbortSignal.any([request.signal, ctx.signal]) }),
  });
  const client = serverClient(ctx.serverUrl, ctx.echo);
  await whenServer(client, doneAndInFlight(1, WORKERS), ctx.signal);
  const asked = performance.now();
  request.abort();
  const report = await running;
  ctx.print(`${how}, asked for when item 1 was done and 3 were in hand:`);
  const unread = source.unread();
  for (const line of accounting(report, unread)) ctx.print(line);
  const total =
    report.handled.length +
    report.cancelled.length +
    report.failed.length +
    report.notStarted.length +
    unread.length;
  ctx.print(`  accounted for: ${total} of ${items.length}`);
  ctx.print(`  stopped ${formatMs(performance.now() - asked)} after the ask`);
}

async function pQueueRun(ctx: RunContext): Promise<void> {
  let peakSize = 0;
  const start = performance.now();
  const outcomes = await handleWithPQueue(ITEMS, {
    concurrency: WORKERS,
    bound: CAPACITY,
    handle: handler(ctx),
    signal: ctx.signal,
    onSize: (size) => (peakSize = Math.max(peakSize, size)),
  });
  const ms = performance.now() - start;
  const handled = outcomes.filter((o) => o.status === "fulfilled").length;
  const once = await eachOnce(ctx, ITEMS);
  ctx.print(
    `${ITEMS.length} items, p-queue: concurrency ${WORKERS}, bound ${CAPACITY}`,
  );
  ctx.print(
    `handled: ${handled}` +
      (once ? ", each requested exactly once" : ", NOT each exactly once"),
  );
  ctx.print(`the server's peak in flight: ${(await stats(ctx)).peakInFlight}`);
  ctx.print(`p-queue's peak size (tasks waiting to start): ${peakSize}`);
  ctx.print(`all handled after ${formatMs(ms)}`);
}

async function sentinelRun(ctx: RunContext): Promise<void> {
  const start = performance.now();
  const handled = await produceAndConsume(
    ctx.serverUrl,
    6,
    { produceMs: 50, consumeMs: 100 },
    ctx,
  );
  const ms = performance.now() - start;
  ctx.print("producer: 6 items, each made with GET /delay/50, then null");
  ctx.print(
    `consumer: handled ${handled.join(", ")} (GET /delay/100 each), ` +
      "then null",
  );
  ctx.print(`the server's peak in flight: ${(await stats(ctx)).peakInFlight}`);
  ctx.print(`all done after ${formatMs(ms)}`);
}

export const runs: LessonRun[] = [
  {
    name: "sentinel",
    title: "The original: a producer, a consumer and a sentinel",
    run: sentinelRun,
  },
  {
    name: "pool",
    title: "12 items, a queue of 4, a pool of 3 workers",
    run: poolRun,
  },
  {
    name: "unbounded",
    title:
      "The same 12 items: a queue of 4, no bound, and two ways with a " +
      "semaphore of 3",
    run: unboundedRun,
    // Four runs of the same twelve items, each on a log of its own.
    timeline: false,
  },
  {
    name: "drain",
    title: "A drain, asked for mid-way",
    run: (ctx) => shutdownOnce(ctx, "drain", 300),
  },
  {
    name: "cancel",
    title: "A cancel, asked for mid-way",
    run: (ctx) => shutdownOnce(ctx, "cancel", 5000),
  },
  {
    name: "p-queue",
    title: "The same 12 items with p-queue",
    run: pQueueRun,
  },
];
