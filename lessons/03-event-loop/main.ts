// The runs of lesson 3, for `npm run lesson -- 3` and the recorded page output.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { traceForRun } from "../../src/lib/loop-trace.ts";
import { runOriginal } from "../../src/lib/python.ts";
import { latencyWhileBlocked, measureLoopDelay } from "./blocking.ts";
import { fetchOr, fetchPaths, fetchPathsAsync, run } from "./coroutines.ts";
import {
  microtasksBetweenTimers,
  orderInsideIoCallback,
  orderInsideMacrotask,
  orderInsideMicrotask,
  starveTimer,
} from "./node-order.ts";
import { getOnLoop } from "./toy-http.ts";
import { ToyLoop } from "./toy-loop.ts";

const BLOCK_MS = 200;

async function toyLoopRun(ctx: RunContext): Promise<void> {
  const loop = new ToyLoop();
  const start = performance.now();
  // Each line says which queue the callback printing it came from.
  const log = (line: string): void => {
    const source = loop.trace.at(-1)?.source ?? "";
    ctx.print(`[${source.padEnd(5)}] ${line}`);
  };
  const startRequest = (name: string, path: string): void => {
    loop.callSoon(() => {
      log(`${name}: GET ${path}`);
      getOnLoop(loop, ctx.serverUrl + path, name, (error, response) => {
        const after = formatMs(performance.now() - start);
        if (error || !response) log(`${name}: failed after ${after}: ${error}`);
        else
          log(
            `${name}: ${response.status} "${response.body.trim()}" after ${after}`,
          );
      });
    }, `start ${name}`);
  };
  startRequest("A", "/delay/300");
  startRequest("B", "/delay/100");
  loop.callLater(200, () => {
    log(
      `timer: due at 200 ms, ran after ${formatMs(performance.now() - start)}`,
    );
  });
  await loop.run();
  ctx.print("loop stopped: nothing ready, scheduled or watched");
}

async function orderingRun(ctx: RunContext): Promise<void> {
  const show = (title: string, order: string[]): void => {
    ctx.print(title);
    order.forEach((label, i) => ctx.print(`  ${i + 1}. ${label}`));
  };
  show("queued inside an I/O callback:", await orderInsideIoCallback());
  show("two timers due together:", await microtasksBetweenTimers());
  show(
    "promise first, then nextTick, in a macrotask:",
    await orderInsideMacrotask(),
  );
  show(
    "promise first, then nextTick, in a microtask:",
    await orderInsideMicrotask(),
  );
}

const WATCH_ORDER = new URL("./programs/watch-order.ts", import.meta.url);

/** One of the ordering experiments, traced as the loop ran it. */
async function watchRun(ctx: RunContext, which: string): Promise<void> {
  ctx.print(`node watch-order.ts ${which}, traced:`);
  await traceForRun(ctx, WATCH_ORDER, [which], "  ");
}

async function starveRun(ctx: RunContext): Promise<void> {
  for (const queue of ["microtask", "immediate"] as const) {
    const report = await starveTimer(queue, BLOCK_MS);
    const during = report.linksBeforeTimer < report.links;
    ctx.print(`a ${formatMs(BLOCK_MS)} chain of ${queue}s:`);
    ctx.print(
      `  setTimeout(0) fired ${during ? "during" : "after"} the chain, ` +
        `after ${formatMs(report.timerLateMs)}`,
    );
  }
}

async function blockingRun(ctx: RunContext): Promise<void> {
  for (const blockMs of [0, BLOCK_MS]) {
    const delay = await measureLoopDelay(blockMs);
    const latency = await latencyWhileBlocked(
      `${ctx.serverUrl}/delay/0`,
      blockMs,
    );
    ctx.print(blockMs === 0 ? "no block:" : `block for ${formatMs(blockMs)}:`);
    const gaps = `${formatMs(delay.minGapMs)} to ${formatMs(delay.maxGapMs)}`;
    ctx.print(`  monitorEventLoopDelay, gaps:  ${gaps}`);
    ctx.print(
      `  our 10 ms interval, late:     ${formatMs(delay.worstTimerLateMs)}`,
    );
    ctx.print(`  GET /delay/0 took:            ${formatMs(latency)}`);
  }
}

async function generatorsRun(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const pathsA = ["/delay/400", "/delay/100"];
  const pathsB = ["/delay/100", "/delay/100"];
  ctx.print("generators, driven by run():");
  await Promise.all([
    run(fetchPaths("A", url, pathsA, (line) => ctx.print(`  ${line}`))),
    run(fetchPaths("B", url, pathsB, (line) => ctx.print(`  ${line}`))),
  ]);
  ctx.print("an error thrown in at the yield:");
  const body = await run(
    fetchOr(url, "/status/503", "(fallback)", (l) => ctx.print(`  ${l}`)),
  );
  ctx.print(`  returned ${body}`);
  ctx.print("the same with async/await:");
  await Promise.all([
    fetchPathsAsync("A", url, pathsA, (line) => ctx.print(`  ${line}`)),
    fetchPathsAsync("B", url, pathsB, (line) => ctx.print(`  ${line}`)),
  ]);
}

const LOOP_ORDER_PY = new URL("./loop_order.py", import.meta.url).pathname;

/** loop_order.py on asyncio's loop, then the toy loop, in one run. */
async function asyncioOriginalRun(ctx: RunContext): Promise<void> {
  const lines = await runOriginal(ctx, LOOP_ORDER_PY, [ctx.serverUrl]);
  if (lines === null) return;
  ctx.print("python3 loop_order.py printed:");
  for (const line of lines) ctx.print(`  ${line}`);
  ctx.print("the toy loop, the same requests and timer, in this run:");
  await toyLoopRun({ ...ctx, print: (line) => ctx.print(`  ${line}`) });
}

export const runs: LessonRun[] = [
  {
    name: "toy-loop",
    title: "Two requests and a timer on a loop built from scratch",
    run: toyLoopRun,
  },
  {
    name: "ordering",
    title: "The order of nextTick, microtasks, immediates and timers",
    run: orderingRun,
    timeline: false,
  },
  {
    name: "watch-io-callback",
    title: "The I/O-callback experiment, traced as Node ran it",
    run: (ctx) => watchRun(ctx, "io-callback"),
    timeline: false,
  },
  {
    name: "watch-two-timers",
    title: "Two timers due together, traced as Node ran them",
    run: (ctx) => watchRun(ctx, "two-timers"),
    timeline: false,
  },
  {
    name: "starve",
    title: "A chain of microtasks starves a timer; immediates do not",
    run: starveRun,
    timeline: false,
  },
  {
    name: "blocking",
    title: `Event-loop delay with and without a ${formatMs(BLOCK_MS)} block`,
    run: blockingRun,
  },
  {
    name: "generators",
    title: "Two generator coroutines interleaving, then async/await",
    run: generatorsRun,
  },
  {
    name: "asyncio-original",
    title: "asyncio's loop: add_reader, call_later, call_soon; then ours",
    run: asyncioOriginalRun,
  },
];
