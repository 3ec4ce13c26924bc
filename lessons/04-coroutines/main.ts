// The runs of lesson 4, for `npm run lesson -- 4` and the recorded page output.
import { httpGet } from "../02-callbacks-and-sockets/http-get.ts";
import type { HttpResponse } from "../02-callbacks-and-sockets/http-get.ts";
import {
  errorLine,
  firstLine,
  runProgram,
} from "../01-sync-vs-async/run-program.ts";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { runOriginal } from "../../src/lib/python.ts";
import { awaitOrder, throwBecomesRejection } from "./await-order.ts";
import { helloClock } from "./clock.ts";
import { countDown } from "./countdown.ts";
import { getAtOnce, getInTurn } from "./fetch-list.ts";
import { hellosAwaited, hellosBlocking } from "./five-hellos.ts";
import { getPromisified, getResponse } from "./get-response.ts";
import { helloWorld } from "./hello.ts";
import { holdThePool } from "./thread-pool.ts";

const HELLO_WAIT_MS = 500;
// The original Python tutorial's clocks tick every second and every minute;
// ten times faster
// here, and stopped between the second minute tick and the next second.
const SECOND_MS = 100;
const MINUTE_MS = 1000;
const STOP_AFTER_MS = 2050;
const LIST_DELAYS_MS = [300, 300, 300];
// The original Python tutorial's numbers: five hellos, one second each.
const HELLOS = 5;
const HELLO_SLEEP_MS = 1000;
const HOLD_MS = 300;

async function hello(ctx: RunContext): Promise<void> {
  const start = performance.now();
  await helloWorld(ctx.print, HELLO_WAIT_MS, ctx.signal);
  ctx.print(`done after ${formatMs(performance.now() - start)}`);
}

async function fiveHellos(ctx: RunContext): Promise<void> {
  const hello = (afterMs: number) =>
    ctx.print(`  Hello World, ${formatMs(afterMs)} after the start`);
  ctx.print("a sleep that blocks (Python's time.sleep), five in a row:");
  hellosBlocking(HELLOS, HELLO_SLEEP_MS, hello);
  ctx.print("a sleep that is awaited (asyncio.sleep), five at once:");
  await hellosAwaited(HELLOS, HELLO_SLEEP_MS, hello, ctx.signal);
}

async function threadPool(ctx: RunContext): Promise<void> {
  const size = process.env["UV_THREADPOOL_SIZE"];
  ctx.print(
    size === undefined
      ? "UV_THREADPOOL_SIZE is not set: libuv's pool has 4 threads"
      : `UV_THREADPOOL_SIZE is ${size}: libuv's pool has that many threads`,
  );
  for (const holders of [3, 4]) {
    ctx.print(`${holders} threads held in open() of a pipe with no writer:`);
    const report = await holdThePool(holders, HOLD_MS);
    const within = report.finishedWhileHeld.join(", ") || "none";
    ctx.print(`  finished within ${formatMs(HOLD_MS)}: ${within}`);
    if (report.finishedWhileHeld.length < report.finishedAfterRelease.length) {
      const ran = report.ticks > 0 ? "kept running" : "never ran";
      ctx.print(`  meanwhile a 10 ms timer ${ran}: JavaScript's own thread`);
      ctx.print("  was free, but the pool's threads were not");
      const after = report.finishedAfterRelease.join(", ");
      ctx.print(`  once the pipes had writers: ${after}`);
    }
  }
}

async function unhandled(ctx: RunContext): Promise<void> {
  const program = new URL("./programs/collect-in-loop.ts", import.meta.url);
  for (const mode of ["loop", "all"]) {
    ctx.print(`collect-in-loop.ts ${mode}: /delay/1000 and /fault/reset`);
    const exit = await runProgram(program, [ctx.serverUrl, mode]);
    for (const line of exit.stdout) ctx.print(`  | ${line}`);
    if (exit.stdout.length === 0) ctx.print("  printed nothing at all");
    ctx.print(`  exited with code ${exit.code} after ${formatMs(exit.ms)}`);
    if (exit.code !== 0) {
      ctx.print(`  stderr, first line: ${firstLine(exit.stderr)}`);
      ctx.print(`  the error: ${errorLine(exit.stderr)}`);
    }
  }
}

async function clocks(ctx: RunContext): Promise<void> {
  const lines: string[] = [];
  const { seconds, minutes } = await helloClock({
    secondMs: SECOND_MS,
    minuteMs: MINUTE_MS,
    stopAfterMs: STOP_AFTER_MS,
    signal: ctx.signal,
    onTick: ({ clock, count }) => lines.push(`${clock} ${count}`),
  });
  // Five ticks to a line, and a minute tick ends the line it falls in,
  // so the interleaving shows.
  let row: string[] = [];
  for (const line of lines) {
    row.push(line);
    if (line.startsWith("minute") || row.length === 5) {
      ctx.print(row.join(", "));
      row = [];
    }
  }
  if (row.length > 0) ctx.print(row.join(", "));
  ctx.print(`stopped after ${formatMs(STOP_AFTER_MS)}:`);
  ctx.print(`  ${seconds} second ticks, ${minutes} minute ticks`);
}

function describe(response: HttpResponse | undefined): string {
  if (!response) return "no response";
  const body = JSON.stringify(response.body.toString());
  return `${response.status} ${response.reason} ${body}`;
}

async function promises(ctx: RunContext): Promise<void> {
  const url = `${ctx.serverUrl}/delay/100`;
  const options = { signal: ctx.signal };
  await new Promise<void>((resolve) => {
    httpGet(url, options, (err, response) => {
      ctx.print(`callback:  ${err ? err.message : describe(response)}`);
      resolve();
    });
  });
  ctx.print(`by hand:   ${describe(await getResponse(url, options))}`);
  ctx.print(`promisify: ${describe(await getPromisified(url, options))}`);
}

async function countdowns(ctx: RunContext): Promise<void> {
  for (const startMs of [250, 150]) {
    ctx.print(`countdown from ${startMs} ms:`);
    const start = performance.now();
    try {
      const waited = await countDown(ctx.serverUrl, startMs, ctx);
      const steps = waited.map((ms) => `${ms} ms`).join(", then ");
      const total = formatMs(performance.now() - start);
      ctx.print(`  waited ${steps}; ${total} in all`);
    } catch (err) {
      ctx.print(`  caught: ${(err as Error).message}`);
    }
  }
}

async function order(ctx: RunContext): Promise<void> {
  for (const line of await awaitOrder()) ctx.print(line);
  ctx.print("");
  for (const line of await throwBecomesRejection()) ctx.print(line);
}

async function awaitInLoop(ctx: RunContext): Promise<void> {
  const urls = LIST_DELAYS_MS.map((ms) => `${ctx.serverUrl}/delay/${ms}`);
  const sum = LIST_DELAYS_MS.reduce((total, ms) => total + ms, 0);
  const longest = Math.max(...LIST_DELAYS_MS);
  for (const [what, getAll, bound] of [
    ["await in a loop", getInTurn, `the delays add up to ${formatMs(sum)}`],
    ["start all, then await", getAtOnce, `the longest is ${formatMs(longest)}`],
  ] as const) {
    const start = performance.now();
    const responses = await getAll(urls);
    const ms = performance.now() - start;
    ctx.print(`${what}: ${responses.length} answers in ${formatMs(ms)}`);
    ctx.print(`  (${bound})`);
  }
}

const HELLOS_PY = new URL("./hellos.py", import.meta.url).pathname;

/** hellos.py, then the TypeScript hellos and clock, in one run. */
async function asyncioOriginal(ctx: RunContext): Promise<void> {
  const lines = await runOriginal(ctx, HELLOS_PY, [ctx.serverUrl]);
  if (lines === null) return;
  ctx.print("python3 hellos.py printed:");
  for (const line of lines) ctx.print(`  ${line}`);
  ctx.print("the TypeScript, in this run:");
  const indented = { ...ctx, print: (line: string) => ctx.print(`  ${line}`) };
  await fiveHellos(indented);
  ctx.print("  the hello clock, under Promise.all:");
  await clocks({ ...ctx, print: (line: string) => ctx.print(`    ${line}`) });
}

export const runs: LessonRun[] = [
  {
    name: "hello",
    title: "Hello world: an async function that waits half a second",
    run: hello,
    timeline: false,
  },
  {
    name: "five-hellos",
    title:
      "Five hellos, one second each: a blocking sleep, then an awaited one",
    run: fiveHellos,
    timeline: false,
  },
  {
    name: "hello-clock",
    title: "Hello clock: a clock every 100 ms and one every second, together",
    run: clocks,
    timeline: false,
  },
  {
    name: "promises",
    title: "One GET with lesson 2's callback, by hand, and with promisify",
    run: promises,
  },
  {
    name: "thread-pool",
    title: "libuv's thread pool: fs, dns.lookup, crypto and zlib wait for it",
    run: threadPool,
    timeline: false,
  },
  {
    name: "countdown",
    title: "The three-step countdown with await, then a failing step",
    run: countdowns,
  },
  {
    name: "await-order",
    title: "What runs when: synchronous code, the rest after await, a timer",
    run: order,
    timeline: false,
  },
  {
    name: "await-in-loop",
    title: "Three independent requests: await in a loop, then all at once",
    run: awaitInLoop,
  },
  {
    name: "unhandled",
    title: "Promises collected in a loop, then with Promise.all: one fails",
    run: unhandled,
  },
  {
    name: "asyncio-original",
    title:
      "hellos.py: time.sleep, asyncio.sleep, the clock, a future; then ours",
    run: asyncioOriginal,
    timeline: false,
  },
];
