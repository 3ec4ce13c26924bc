// The runs of lesson 16, for `npm run lesson -- 16` and the recorded output.
// Most of them run a small buggy program in ./programs/ as a child process
// and print what it, and the tool watching it, printed.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import http from "node:http";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { profileMs, selfTimes, type CpuProfile } from "./cpu-profile.ts";
import { lintFloatingPromises } from "./floating-lint.ts";
import { byRequest, traceHttpPhases } from "./http-phases.ts";
import { runDebugModePy } from "./python-original.ts";
import { overlappingRequests, type IdKeeping } from "./request-ids.ts";
import {
  programPath,
  relativePaths,
  runProgram,
  type ProgramExit,
} from "./run-program.ts";

const LESSON = fileURLToPath(new URL(".", import.meta.url));

/** A child's output: stdout lines with `|`, stderr lines with `!`. */
function printExit(ctx: RunContext, exit: ProgramExit, stderr = true): void {
  for (const line of exit.stdout) ctx.print(`  | ${line}`);
  if (stderr) for (const line of exit.stderr) ctx.print(`  ! ${line}`);
  const how = exit.signal ?? `code ${exit.code}`;
  ctx.print(`  exited with ${how}`);
}

// The series a program printed on its `#series` line, for the picture.
function seriesOf(exit: ProgramExit): Record<string, [number, number][]> {
  const line = exit.stdout.find((l) => l.startsWith("#series "));
  if (line === undefined) throw new Error("the program printed no #series");
  return JSON.parse(line.slice("#series ".length)) as Record<
    string,
    [number, number][]
  >;
}

// Each program runs in a run of its own: then the server's log of a run
// holds one program's requests, and the time a child takes to start, which
// a busy machine stretches several times over, falls before the first.
function blockedLoop(mode: "blocking" | "fixed") {
  return async (ctx: RunContext): Promise<void> => {
    ctx.print(`blocked-loop.ts ${mode}:`);
    const exit = await runProgram("blocked-loop", [ctx.serverUrl, mode]);
    const { delay = [], heartbeat = [] } = seriesOf(exit);
    printExit(ctx, { ...exit, stdout: exit.stdout.slice(0, -1) });
    if (mode === "fixed") return;
    ctx.plot?.({
      name: "monitorEventLoopDelay, worst so far",
      unit: "ms",
      points: delay,
    });
    ctx.plot?.({
      name: "watchdog: time since the last heartbeat",
      unit: "ms",
      points: heartbeat,
    });
  };
}

async function stackTraces(ctx: RunContext): Promise<void> {
  printExit(ctx, await runProgram("stack-traces", [ctx.serverUrl]));
}

function forgottenAwait(mode: "forgotten" | "fixed") {
  return async (ctx: RunContext): Promise<void> => {
    ctx.print(`forgotten-await.ts ${mode}:`);
    printExit(ctx, await runProgram("forgotten-await", [ctx.serverUrl, mode]));
  };
}

async function lint(ctx: RunContext): Promise<void> {
  // Files named after the run's name are linted instead, the learner's
  // exercise say: `npm run lesson -- 16 lint -- exercise/task.ts`.
  const named = ctx.args.map((file) => resolve(LESSON, file));
  const files =
    named.length > 0
      ? named
      : ["forgotten-await", "unhandled"].map(programPath);
  const results = await lintFloatingPromises(files);
  const said = new Set<string>();
  for (const [file, messages] of results) {
    ctx.print(`${relativePaths(file)}: ${messages.length} floating`);
    for (const m of messages) {
      ctx.print(`  ${m.line}:${m.column}  ${m.source}`);
      said.add(`${m.rule}: ${m.message}`);
    }
  }
  for (const text of said) ctx.print(text);
}

function unhandled(mode: "plain" | "traced" | "fixed") {
  return async (ctx: RunContext): Promise<void> => {
    ctx.print(`unhandled.ts ${mode}:`);
    printExit(ctx, await runProgram("unhandled", [ctx.serverUrl, mode]));
  };
}

async function noExit(ctx: RunContext): Promise<void> {
  ctx.print("no-exit.ts buggy (killed 1 s after its last line):");
  const stuck = await runProgram("no-exit", [ctx.serverUrl, "buggy"], {
    killAfterLine: { lastLine: /^done/m, ms: 1000 },
  });
  // Its progress line, every 100 ms, goes on: shown once, not counted.
  const progress = stuck.stderr.filter((l) => l === "3 of 3 pages");
  printExit(ctx, { ...stuck, stderr: [] });
  ctx.print(`  and "3 of 3 pages" on stderr, again and again`);
  if (progress.length === 0) throw new Error("no progress line after done");
}

async function noExitDiagnose(ctx: RunContext): Promise<void> {
  ctx.print("no-exit.ts diagnose:");
  const diagnosed = await runProgram("no-exit", [ctx.serverUrl, "diagnose"]);
  // why-is-node-running lists every async resource that is still alive;
  // those it has no stack of ours for (the streams of finished fetches)
  // say nothing here, and their number changes from run to run.
  const sections = diagnosed.stdout.join("\n").split("\n\n");
  const [head = "", ...rest] = sections;
  const known = rest.filter((s) => !s.includes("(unknown stack trace)"));
  const lines = [
    ...head.split("\n").filter((l) => !l.startsWith("There are")),
    "why-is-node-running, the handles it has a stack of ours for:",
    ...known.flatMap((s) => s.split("\n")),
  ];
  printExit(ctx, { ...diagnosed, stdout: lines }, false);
}

async function noExitFixed(ctx: RunContext): Promise<void> {
  ctx.print("no-exit.ts fixed:");
  printExit(ctx, await runProgram("no-exit", [ctx.serverUrl, "fixed"]), false);
}

async function requestIds(ctx: RunContext): Promise<void> {
  const keepings: IdKeeping[] = [
    "module-variable",
    "async-local",
    "async-local-bound",
  ];
  for (const keeping of keepings) {
    ctx.print(`${keeping}:`);
    const lines = await overlappingRequests(ctx.serverUrl, keeping);
    for (const { id, text } of lines) ctx.print(`  [${id}] ${text}`);
  }
}

function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

async function httpPhases(ctx: RunContext): Promise<void> {
  const trace = traceHttpPhases();
  try {
    await Promise.all([
      fetch(`${ctx.serverUrl}/delay/200`).then((r) => r.text()),
      fetch(`${ctx.serverUrl}/drip?chunks=4&interval=50`).then((r) => r.text()),
      httpGet(`${ctx.serverUrl}/delay/100`),
    ]);
  } finally {
    trace.stop();
  }
  // Sorted: the three requests start together, in any order.
  const requests = [...byRequest(trace.events)].sort(([a], [b]) =>
    a.localeCompare(b),
  );
  for (const [request, events] of requests) {
    ctx.print(request.replace(ctx.serverUrl, ""));
    const start = events[0]?.at ?? 0;
    for (const event of events) {
      const status = event.status === undefined ? "" : ` (${event.status})`;
      // Not padded: the drift check masks durations, not their widths.
      const after = formatMs(event.at - start);
      ctx.print(`  ${event.channel}${status} after ${after}`);
    }
  }
}

async function readProfile(dir: string): Promise<CpuProfile> {
  const [file] = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
}

async function cpuProfile(ctx: RunContext): Promise<void> {
  for (const mode of ["slow", "fixed"]) {
    const dir = await mkdtemp(join(tmpdir(), "cpu-prof-"));
    try {
      ctx.print(`node --cpu-prof slow-report.ts ${mode}:`);
      const exit = await runProgram("slow-report", [mode], {
        nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
      });
      if (exit.code !== 0) throw new Error(exit.stderr.join("\n"));
      const profile = await readProfile(dir);
      const times = selfTimes(profile);
      const total = formatMs(profileMs(profile));
      // V8's own entries, `(garbage collector)` say, come and go with the
      // machine's load: the report's own functions are compared.
      const [top] = times.filter((t) => t.url.endsWith("/slow-report.ts"));
      if (mode === "slow" && top !== undefined) {
        ctx.print(
          `  most self time of its own: ${top.name} (line ${top.line})`,
        );
      }
      const name = mode === "slow" ? "buildReport" : "buildReportFixed";
      const own = times.find((t) => t.name === name);
      const self = own === undefined ? "none" : formatMs(own.selfMs);
      ctx.print(`  self time of ${name}: ${self} of ${total} profiled`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function debugModeNode(ctx: RunContext): Promise<void> {
  for (const mode of ["plain", "debug"]) {
    ctx.print(`debug-mode.ts ${mode}:`);
    printExit(ctx, await runProgram("debug-mode", [mode]));
  }
}

async function asyncioDebug(ctx: RunContext): Promise<void> {
  for (const debug of [false, true]) {
    const run = await runDebugModePy(debug);
    if (run === null) {
      ctx.print("python3 is not installed here: nothing to compare with");
      return;
    }
    const how = debug ? "PYTHONASYNCIODEBUG=1 python3" : "python3";
    ctx.print(`${how} debug_mode.py:`);
    for (const line of run.lines) ctx.print(`  ! ${line}`);
    ctx.print(`  exited with code ${run.code}`);
  }
}

export const runs: LessonRun[] = [
  {
    name: "blocked-loop",
    title: "A handler that blocks the loop, watched",
    run: blockedLoop("blocking"),
  },
  {
    name: "blocked-loop-fixed",
    title: "The fixed handler, watched",
    run: blockedLoop("fixed"),
  },
  {
    name: "stack-traces",
    title: "Async stack traces: through awaits, and where they stop",
    run: stackTraces,
    timeline: false,
  },
  {
    name: "forgotten-await",
    title: "An order saved without await",
    run: forgottenAwait("forgotten"),
  },
  {
    name: "forgotten-await-fixed",
    title: "An order saved with await",
    run: forgottenAwait("fixed"),
  },
  {
    name: "lint",
    title: "no-floating-promises on the programs of this lesson",
    run: lint,
    timeline: false,
  },
  {
    name: "unhandled",
    title: "An unhandled rejection",
    run: unhandled("plain"),
  },
  {
    name: "unhandled-traced",
    title: "An unhandled rejection, traced to its origin",
    run: unhandled("traced"),
  },
  {
    name: "unhandled-fixed",
    title: "A background failure handled where it starts",
    run: unhandled("fixed"),
  },
  {
    name: "no-exit",
    title: "A program that does not exit",
    run: noExit,
  },
  {
    name: "no-exit-diagnose",
    title: "What keeps it alive, and where each thing was made",
    run: noExitDiagnose,
  },
  {
    name: "no-exit-fixed",
    title: "The program that puts away what it started",
    run: noExitFixed,
  },
  {
    name: "request-ids",
    title: "Three overlapping requests, and the id on each log line",
    run: requestIds,
  },
  {
    name: "http-phases",
    title: "The phases of three requests, from diagnostics_channel",
    run: httpPhases,
  },
  {
    name: "cpu-profile",
    title: "A slow report under --cpu-prof, and the fixed one",
    run: cpuProfile,
    timeline: false,
  },
  {
    name: "debug-mode-node",
    title: "Three mistakes, without and with this lesson's debug mode",
    run: debugModeNode,
    timeline: false,
  },
  {
    name: "asyncio-debug",
    title: "The asyncio original: the same mistakes, plain and in debug mode",
    run: asyncioDebug,
    timeline: false,
    variesByMachine:
      "the line numbers inside asyncio's own files depend on the Python version",
  },
];
