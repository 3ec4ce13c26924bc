// The runs of lesson 7, for `npm run lesson -- 7` and the recorded page output.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { serverClient } from "../../src/server/client.ts";
import { fetchWithPLimit, fetchWithSemaphore } from "./limited-fetch.ts";
import { fetchWithPool } from "./pooled-fetch.ts";
import type { OpenFilesReport } from "./open-files.ts";
import { oneSession, sessionPerTask } from "./original.ts";
import { runUnderFileLimit } from "./too-many-files.ts";
import { figuresLine, measured, runOriginal } from "../../src/lib/python.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import {
  SEMAPHORE_PY,
  pythonMaxRssMb,
  runTypeScriptChild,
} from "./python-original.ts";

// A low open-file limit, as a shell can set it for a program it starts.
const FILE_LIMIT = 256;
// Enough descriptors for a socket numbered past 1023, where select() stops.
const ROOMY_FILE_LIMIT = 2048;
const PAST_SELECT = 1200;
const ORIGINAL_TASKS = 1000;
const ORIGINAL_LIMIT = 500;
// Twelve requests, three at a time: few enough to draw, uneven on purpose.
const SMALL_DELAYS_MS = [
  300, 100, 200, 100, 300, 200, 100, 200, 300, 200, 100, 300,
];
const SMALL_LIMIT = 3;

async function serverStats(ctx: RunContext) {
  return serverClient(ctx.serverUrl, ctx.echo).stats();
}

function limitText(report: OpenFilesReport): string {
  const limit = report.fileLimit;
  if (limit === null) return "unknown here (no /proc)";
  const n = (v: number) => (Number.isFinite(v) ? String(v) : "unlimited");
  return `soft ${n(limit.soft)}, hard ${n(limit.hard)} (${limit.source})`;
}

interface ChildRun {
  count: number;
  path: string;
  fileLimit: number;
  softOnly?: boolean;
  limit?: number;
}

async function childRun(ctx: RunContext, run: ChildRun) {
  const how =
    run.limit === undefined ? "at once" : `through a semaphore of ${run.limit}`;
  const ulimit = `ulimit ${run.softOnly ? "-Sn" : "-n"} ${run.fileLimit}`;
  ctx.print(
    `${run.count} x GET ${run.path} ${how}, in a child under ${ulimit}`,
  );
  const report = await runUnderFileLimit({
    ...run,
    url: new URL(run.path, ctx.serverUrl),
    signal: ctx.signal,
  });
  ctx.print(`the child's open-file limit: ${limitText(report)}`);
  return report;
}

async function printOutcome(ctx: RunContext, report: OpenFilesReport) {
  ctx.print(`succeeded: ${report.succeeded}`);
  ctx.print(
    `failed: ${report.failed}${report.errorCode === null ? "" : ` (${report.errorCode})`}`,
  );
  if (report.openWhenFailed !== null) {
    ctx.print(
      `sockets open when the first one failed: ${report.openWhenFailed}`,
    );
  }
  ctx.print(
    `the server's peak in flight: ${(await serverStats(ctx)).peakInFlight}`,
  );
}

async function tooManyRun(ctx: RunContext): Promise<void> {
  const report = await childRun(ctx, {
    count: ORIGINAL_TASKS,
    path: "/delay/1000",
    fileLimit: FILE_LIMIT,
  });
  if (report.descriptorsBefore !== null) {
    ctx.print(
      `descriptors Node held before the first request: ${report.descriptorsBefore}`,
    );
  }
  await printOutcome(ctx, report);
}

async function pastSelectRun(ctx: RunContext): Promise<void> {
  const report = await childRun(ctx, {
    count: PAST_SELECT,
    path: "/delay/500",
    fileLimit: ROOMY_FILE_LIMIT,
  });
  const highest = report.highestDescriptor;
  ctx.print(
    highest === null
      ? "highest descriptor number in use: unknown here (no /proc)"
      : `highest descriptor number in use: ${highest} (select() takes none above 1023)`,
  );
  await printOutcome(ctx, report);
}

type Original = typeof sessionPerTask;

async function originalRun(ctx: RunContext, program: Original) {
  const start = performance.now();
  const outcomes = await program(new URL("/delay/1000", ctx.serverUrl), {
    tasks: ORIGINAL_TASKS,
    limit: ORIGINAL_LIMIT,
    signal: ctx.signal,
  });
  const ms = performance.now() - start;
  const ok = outcomes.filter((o) => o.status === "fulfilled").length;
  const stats = await serverStats(ctx);
  ctx.print(
    `${ORIGINAL_TASKS} tasks, Semaphore(${ORIGINAL_LIMIT}): ${ok} answered`,
  );
  ctx.print(`the server's peak in flight: ${stats.peakInFlight}`);
  ctx.print(`connections the server accepted: ${stats.totalConnections}`);
  ctx.print(`all done after ${formatMs(ms)}`);
}

const connections = (log: RequestRecord[]): number =>
  new Set(log.map((r) => r.connectionId)).size;

/** The original program in TypeScript, then in Python, each a process. */
async function asyncioOriginalRun(ctx: RunContext): Promise<void> {
  const url = `${ctx.serverUrl}/delay/1000`;
  const python = await measured(ctx, () =>
    runOriginal(ctx, SEMAPHORE_PY, [url], ["asyncio", "aiohttp"]),
  );
  if (python.value === null) return;
  const ours = await measured(ctx, () =>
    runTypeScriptChild(url, ORIGINAL_TASKS, ORIGINAL_LIMIT, ctx.signal),
  );
  ctx.print("python3 semaphore.py printed:");
  for (const line of python.value) ctx.print(`  ${line}`);
  const { answered, ms, maxRssMb } = ours.value;
  ctx.print("original.ts, the same program, in a child process of its own:");
  ctx.print(
    `  ${ORIGINAL_TASKS} tasks, Semaphore(${ORIGINAL_LIMIT}): ` +
      `${answered} answered`,
  );
  ctx.print(`  all done after ${formatMs(ms)}`);
  ctx.print(`  max RSS: ${maxRssMb ?? "?"} MB (VmHWM in /proc/self/status)`);
  ctx.print("as the server saw them, in this run:");
  for (const [label, log] of [
    ["Python", python.requests],
    ["TypeScript", ours.requests],
  ] as const) {
    ctx.print(`  ${figuresLine(label, log)}, ${connections(log)} connections`);
  }
  const pythonMb = pythonMaxRssMb(python.value);
  if (pythonMb !== null && maxRssMb !== null) {
    ctx.print(
      `most memory held: Python ${pythonMb} MB, Node ${maxRssMb} MB ` +
        `(${(maxRssMb / pythonMb).toFixed(1)} times as much)`,
    );
  }
}

/** The original's error: asyncio on select() past descriptor 1023. */
async function asyncioSelectRun(ctx: RunContext): Promise<void> {
  const url = `${ctx.serverUrl}/delay/500`;
  const args = [url, "--select", String(PAST_SELECT)];
  const lines = await runOriginal(ctx, SEMAPHORE_PY, args, ["aiohttp"]);
  if (lines === null) return;
  ctx.print("python3 semaphore.py --select printed:");
  for (const line of lines) ctx.print(`  ${line}`);
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
  const stats = await serverStats(ctx);
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
    run: tooManyRun,
    timeline: false,
    variesByMachine:
      "how many descriptors Node holds before its first request differs " +
      "from machine to machine, and so does how many sockets fit under 256",
  },
  {
    name: "soft-limit-only",
    title: "The same, with only the soft limit lowered: Node raises it again",
    run: (ctx) =>
      childRun(ctx, {
        count: ORIGINAL_TASKS,
        path: "/delay/1000",
        fileLimit: FILE_LIMIT,
        softOnly: true,
      }).then((report) => printOutcome(ctx, report)),
    timeline: false,
    variesByMachine:
      "the hard limit, which Node raises its soft limit to, is the " +
      "machine's own",
  },
  {
    name: "under-limit-with-semaphore",
    title: "The same 1000 requests through a semaphore of 100",
    run: (ctx) =>
      childRun(ctx, {
        count: ORIGINAL_TASKS,
        path: "/delay/100",
        fileLimit: FILE_LIMIT,
        limit: 100,
      }).then((report) => printOutcome(ctx, report)),
    timeline: false,
  },
  {
    name: "past-select-limit",
    title: "1200 sockets at once: descriptor numbers past select()'s 1024",
    run: pastSelectRun,
    timeline: false,
    variesByMachine:
      "the highest descriptor number depends on how many Node holds " +
      "before its first request",
  },
  {
    name: "original",
    title:
      "The original Python tutorial's program: Semaphore(500), a session per task",
    run: (ctx) => originalRun(ctx, sessionPerTask),
    timeline: false,
  },
  {
    name: "one-session",
    title: "The same 1000 tasks sharing one session",
    run: (ctx) => originalRun(ctx, oneSession),
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
  {
    name: "asyncio-original",
    title: "semaphore.py (asyncio, aiohttp) and original.ts, each in a process",
    run: asyncioOriginalRun,
    timeline: false,
    variesByMachine:
      "the memory each process holds depends on the machine and its " +
      "Python and Node",
  },
  {
    name: "asyncio-select",
    title: "asyncio on a select() loop, 1200 requests at once",
    run: asyncioSelectRun,
    timeline: false,
  },
];
