// The runs of lesson 18, for `npm run lesson -- 18` and the recorded page
// output: the same two requests in each runtime's style, then where Node's
// own I/O waits.
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { formatMs } from "../../src/lib/format.ts";
import { runInFreshProcess } from "./pool-vs-socket.ts";
import { STYLES, runStyle, type Style } from "./runtimes.ts";
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

async function poolRun(ctx: RunContext): Promise<void> {
  const report = await runInFreshProcess(
    ctx.serverUrl,
    POOL_SIZE,
    ITERATIONS,
    ctx.signal,
  );
  const firstHash = Math.min(...report.hashesMs);
  ctx.print(`UV_THREADPOOL_SIZE=${report.poolSize}, ${report.poolSize} hashes`);
  ctx.print(`first hash done after ${formatMs(firstHash)}`);
  ctx.print(`GET /delay/0 answered after ${formatMs(report.getMs)}`);
  ctx.print(`fs.readFile done after ${formatMs(report.readFileMs)}`);
  const waited = report.readFileMs >= firstHash;
  ctx.print(
    waited
      ? "the read waited for a pool thread; the socket did not"
      : "the read did not wait for a pool thread",
  );
}

export const runs: LessonRun[] = [
  ...STYLES.map((style): LessonRun => ({
    name: style.name,
    title: `Two requests: ${style.label}`,
    run: (ctx) => styleRun(ctx, style),
  })),
  {
    name: "node-pool",
    title: "Node: a file read waits for the thread pool, a socket does not",
    run: poolRun,
  },
];
