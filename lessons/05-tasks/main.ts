// The runs of lesson 5, for `npm run lesson -- 5` and the recorded page output.
import { setTimeout } from "node:timers/promises";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import {
  deferThenAwait,
  QUICK_PATH,
  SLOW_PATH,
  startThenAwait,
} from "./eager.ts";
import {
  errorLine,
  runProgram,
  startProgram,
  type ProgramExit,
} from "./run-program.ts";
import { taskGroup } from "./task-group.ts";
import { measured, runOriginal } from "../../src/lib/python.ts";
import { settledRunLog } from "../../src/server/settled.ts";

const LET_RUN_MS = 500;

/** The server's log of this run so far, once it has heard every close. */
function printLog(ctx: RunContext, requests: RequestRecord[]): void {
  ctx.print("the server's log:");
  // Sorted by path: requests sent together may arrive in any order.
  const byPath = requests.toSorted((a, b) => a.path.localeCompare(b.path));
  for (const r of byPath) {
    const end = r.finishedAt === null ? "" : ` at ${formatMs(r.finishedAt)}`;
    ctx.print(`  ${r.method} ${r.path}: ${r.outcome}${end}`);
  }
}

function printExit(ctx: RunContext, exit: ProgramExit): void {
  for (const line of exit.stdout) ctx.print(`  | ${line}`);
  const how = exit.signal ?? `code ${exit.code}`;
  ctx.print(`  exited with ${how} after ${formatMs(exit.ms)}`);
}

async function handleRun(
  ctx: RunContext,
  collect: typeof startThenAwait,
  order: "before" | "after",
): Promise<void> {
  const start = performance.now();
  const bodies = await collect(ctx.serverUrl, ctx);
  ctx.print(`${bodies.map((b) => b.trim()).join(", ")}`);
  ctx.print(`both done after ${formatMs(performance.now() - start)}`);
  const log = await settledRunLog(ctx);
  const slow = log.find((r) => r.path === SLOW_PATH);
  const quick = log.find((r) => r.path === QUICK_PATH);
  if (slow === undefined || quick?.finishedAt == null) return;
  ctx.print(`GET ${SLOW_PATH} arrived at ${formatMs(slow.arrivedAt)},`);
  ctx.print(
    `  ${order} GET ${QUICK_PATH} finished at ${formatMs(quick.finishedAt)}`,
  );
}

async function helloRun(ctx: RunContext, mode: string): Promise<void> {
  ctx.print(`say-hello.ts ${mode}:`);
  printExit(ctx, await runProgram("say-hello", [mode]));
}

async function forgetRun(ctx: RunContext): Promise<void> {
  for (const mode of ["forget", "catch"]) {
    ctx.print(`forget.ts ${mode}:`);
    const exit = await runProgram("forget", [ctx.serverUrl, mode]);
    printExit(ctx, exit);
    if (exit.code !== 0) ctx.print(`  stderr: ${errorLine(exit.stderr)}`);
  }
  printLog(ctx, await settledRunLog(ctx));
}

async function atExitRun(ctx: RunContext): Promise<void> {
  for (const mode of ["request", "unref-timer", "exit"]) {
    ctx.print(`pending-at-exit.ts ${mode}:`);
    printExit(ctx, await runProgram("pending-at-exit", [ctx.serverUrl, mode]));
  }
  printLog(ctx, await settledRunLog(ctx));
}

async function gracefulRun(ctx: RunContext): Promise<void> {
  const program = startProgram("graceful", [ctx.serverUrl]);
  await program.waitFor(/in progress/);
  // Not for ordering (the line above is): let the downloads run for a
  // moment, so that the timeline shows them.
  await setTimeout(LET_RUN_MS, undefined, ctx);
  const sent = performance.now();
  program.kill("SIGTERM");
  const exit = await program.exited;
  ctx.print("graceful.ts, sent SIGTERM once the downloads were going:");
  printExit(ctx, exit);
  ctx.print(`  (${formatMs(performance.now() - sent)} after the signal)`);
  printLog(ctx, await settledRunLog(ctx));
}

async function groupOkRun(ctx: RunContext): Promise<void> {
  const start = performance.now();
  const bodies = await taskGroup<string>((group) => {
    for (const path of ["/delay/300", "/delay/100", "/delay/200"]) {
      group.spawn((signal) => fetchPath(ctx.serverUrl, path, { signal }));
    }
  });
  ctx.print(
    `results in spawn order: ${bodies.map((b) => b.trim()).join(", ")}`,
  );
  ctx.print(`the group resolved after ${formatMs(performance.now() - start)}`);
}

/** `afterId`: print only the server's records after that one. */
async function groupFailsRun(ctx: RunContext, afterId = 0): Promise<void> {
  const url = ctx.serverUrl;
  const start = performance.now();
  try {
    await taskGroup<string>((group) => {
      group.spawn((signal) => fetchPath(url, "/delay/2000", { signal }));
      group.spawn((signal) => fetchPath(url, "/delay/2000", { signal }));
      group.spawn(async (signal) => {
        await fetchPath(url, "/delay/300", { signal });
        return fetchPath(url, "/status/503", { signal });
      });
    });
  } catch (error) {
    const { message, errors } = error as AggregateError;
    ctx.print(
      `the group rejected after ${formatMs(performance.now() - start)}`,
    );
    ctx.print(`  ${(error as Error).name}: ${message}`);
    ctx.print(`  its errors (the aborted siblings are not among them):`);
    for (const each of errors) ctx.print(`    ${String(each)}`);
  }
  printLog(
    ctx,
    (await settledRunLog(ctx)).filter((r) => r.id > afterId),
  );
}

const TASKS_PY = new URL("./tasks.py", import.meta.url).pathname;
const PY_MODES = ["create-tasks", "stop-loop", "graceful", "task-group"];

/** tasks.py in each of its modes, then ours where they differ. */
async function asyncioOriginalRun(ctx: RunContext): Promise<void> {
  const python = await measured(ctx, async () => {
    for (const mode of PY_MODES) {
      const args = [ctx.serverUrl, mode];
      const lines = await runOriginal(ctx, TASKS_PY, args, ["aiohttp"]);
      if (lines === null) return false;
      ctx.print(`python3 tasks.py ${mode}:`);
      for (const line of lines) ctx.print(`  | ${line}`);
    }
    return true;
  });
  if (!python.value) return;
  printLog(ctx, python.requests);
  ctx.print("the TypeScript, in this run:");
  const indented = { ...ctx, print: (line: string) => ctx.print(`  ${line}`) };
  await helloRun(indented, "create-tasks");
  const lastId = python.requests.at(-1)?.id ?? 0;
  await groupFailsRun(indented, lastId);
}

export const runs: LessonRun[] = [
  {
    name: "eager",
    title: "Start the slow request, await a quick one, then the slow one",
    run: (ctx) => handleRun(ctx, startThenAwait, "before"),
  },
  {
    name: "lazy",
    title: "The same, but the slow request is only started when awaited",
    run: (ctx) => handleRun(ctx, deferThenAwait, "after"),
  },
  {
    name: "create-tasks",
    title: "Creating tasks: first hello after 2 s, second hello after 1 s",
    run: (ctx) => helloRun(ctx, "create-tasks"),
    timeline: false,
  },
  {
    name: "stop-loop",
    title: "Stopping the loop at 3 s while a third hello waits for 4 s",
    run: (ctx) => helloRun(ctx, "stop-loop"),
    timeline: false,
  },
  {
    name: "fire-and-forget",
    title: "A failing request nobody awaits, without and with a handler",
    run: forgetRun,
  },
  {
    name: "at-exit",
    title: "Pending work when the program ends: a request, a timer, exit()",
    run: atExitRun,
  },
  {
    name: "graceful",
    title: "Three downloads in a child process, stopped with SIGTERM",
    run: gracefulRun,
  },
  {
    name: "group-ok",
    title: "A task group of three requests that all succeed",
    run: groupOkRun,
  },
  {
    name: "group-fails",
    title: "A task group where one task fails: the others are aborted",
    run: (ctx) => groupFailsRun(ctx),
  },
  {
    name: "asyncio-original",
    title: "tasks.py: create_task, loop.stop(), SIGTERM, TaskGroup; then ours",
    run: asyncioOriginalRun,
  },
];
