// The runs of lesson 18, for `npm run lesson -- 18` and the recorded page
// output: the same two requests in each runtime's style, then where Node's
// own I/O waits.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { runPythonJson } from "../../src/lib/python.ts";
import { runInFreshProcess } from "./pool-vs-socket.ts";
import { STYLES, pythonCommand, runStyle, type Style } from "./runtimes.ts";
import { seenByServer } from "./server-log.ts";

// Enough work that each hash holds its pool thread for a few hundred ms.
const POOL_SIZE = 2;
const ITERATIONS = 2_000_000;

async function serverLog(ctx: RunContext) {
  const response = await fetch(`${ctx.serverUrl}/stats`, ctx);
  return ((await response.json()) as ServerStats).requests;
}

async function styleRun(ctx: RunContext, style: Style): Promise<void> {
  ctx.print(style.label);
  const outcome = await runStyle(style, ctx.serverUrl, ctx.signal);
  if (!outcome.ran) {
    ctx.print(`skipped: ${outcome.missing}`);
    return;
  }
  const { paths, bodies, ms } = outcome.result;
  paths.forEach((path, i) => ctx.print(`GET ${path} -> ${bodies[i]}`));
  ctx.print(`both answered after ${formatMs(ms)} (the program's own clock)`);
  const seen = seenByServer(await serverLog(ctx));
  ctx.print(
    `the server saw ${seen.paths.length} requests, at most ${seen.peak} ` +
      `in flight at once, ${formatMs(seen.spanMs)} from first to last`,
  );
}

async function poolRun(ctx: RunContext, host?: string): Promise<void> {
  // The bundled server's URL names 127.0.0.1: a name has to be looked up.
  const url = new URL(ctx.serverUrl);
  if (host !== undefined) url.hostname = host;
  const base = url.origin;
  const report = await runInFreshProcess(
    base,
    POOL_SIZE,
    ITERATIONS,
    ctx.signal,
  );
  const firstHash = Math.min(...report.hashesMs);
  ctx.print(`UV_THREADPOOL_SIZE=${report.poolSize}, ${report.poolSize} hashes`);
  ctx.print(`first hash done after ${formatMs(firstHash)}`);
  const get = `GET http://${host ?? "127.0.0.1"}:<port>/delay/0`;
  ctx.print(`${get} answered after ${formatMs(report.getMs)}`);
  ctx.print(`fs.readFile done after ${formatMs(report.readFileMs)}`);
  const read = report.readFileMs >= firstHash ? "waited" : "did not wait";
  const socket = report.getMs >= firstHash ? "waited too" : "did not";
  ctx.print(`the read ${read} for a pool thread; the GET ${socket}`);
}

// Readiness asked of a regular file: this very file, on disk.
async function fileReadiness(ctx: RunContext): Promise<void> {
  const script = new URL("./python/file_readiness.py", import.meta.url);
  const said = await runPythonJson<Record<string, string>>(
    script.pathname,
    [new URL("./main.ts", import.meta.url).pathname],
    { python: pythonCommand(), signal: ctx.signal },
  );
  if (said === null) {
    ctx.print("python3 is not installed here: nothing to ask");
    return;
  }
  ctx.print("a regular file, asked whether a read would block:");
  for (const [call, answer] of Object.entries(said)) {
    ctx.print(`  ${call}: ${answer}`);
  }
}

export const runs: LessonRun[] = [
  ...STYLES.map((style): LessonRun => ({
    name: style.name,
    title: `Two requests: ${style.label}`,
    run: (ctx) => styleRun(ctx, style),
  })),
  {
    name: "file-readiness",
    title: "select, poll and epoll asked about a regular file",
    run: fileReadiness,
    timeline: false,
  },
  {
    name: "node-pool",
    title: "Node: a file read waits for the thread pool, a socket does not",
    run: (ctx) => poolRun(ctx),
  },
  {
    name: "node-pool-localhost",
    title: "Node: a GET to localhost waits too, for dns.lookup",
    run: (ctx) => poolRun(ctx, "localhost"),
  },
];
