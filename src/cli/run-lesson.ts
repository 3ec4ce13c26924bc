// Running one lesson run the same way for `npm run lesson`, `npm run record`
// and the drift check: reset the server's log, run, time it, read the log.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LessonRun, RecordedRun, Series } from "../lib/lesson-types.ts";
import type { LoopTrace } from "../lib/loop-trace-types.ts";
import type { LessonInfo } from "../lib/lessons.ts";
import type { RequestRecord, ServerClient } from "../server/types.ts";
import { CliError } from "./cli-error.ts";

/** The runs a lesson's `main.ts` exports, checked for shape. */
export async function loadRuns(lesson: LessonInfo): Promise<LessonRun[]> {
  const file = join(lesson.path, "main.ts");
  if (!existsSync(file)) {
    throw new CliError(`lesson ${lesson.dir} has no main.ts yet`);
  }
  const module = (await import(pathToFileURL(file).href)) as {
    runs?: unknown;
  };
  const runs = module.runs;
  const valid =
    Array.isArray(runs) &&
    runs.every(
      (run: Partial<LessonRun> | null) =>
        typeof run?.name === "string" &&
        typeof run.title === "string" &&
        typeof run.run === "function",
    );
  if (!valid || runs.length === 0) {
    throw new CliError(
      `lessons/${lesson.dir}/main.ts must export \`runs\`: a non-empty array of { name, title, run }`,
    );
  }
  return runs as LessonRun[];
}

/** The run called `name`; an unknown name throws, listing the runs there are. */
export function findRun(
  lesson: LessonInfo,
  runs: LessonRun[],
  name: string,
): LessonRun {
  const run = runs.find((candidate) => candidate.name === name);
  if (run) return run;
  const list = runs.map((r) => `  ${r.name.padEnd(16)} ${r.title}`);
  throw new CliError(
    `lesson ${lesson.number} has no run "${name}"; its runs are:\n${list.join("\n")}`,
  );
}

export interface RunOutcome {
  output: string[];
  /** The server's log of this run, without the runner's own /stats calls. */
  requests: RequestRecord[];
  wallMs: number;
  /** What the run measured with `ctx.plot`. */
  series: Series[];
  /** What the run traced with `ctx.trace`. */
  traces?: LoopTrace[];
  /** What the run threw, if it did; the output up to then is kept. */
  error?: unknown;
}

export interface RunOptions {
  client: ServerClient;
  signal: AbortSignal;
  args?: string[];
}

export async function runLessonRun(
  run: LessonRun,
  { client, signal, args = [] }: RunOptions,
): Promise<RunOutcome> {
  await client.reset();
  const output: string[] = [];
  const series: Series[] = [];
  const traces: LoopTrace[] = [];
  const started = performance.now();
  let error: unknown;
  try {
    await run.run({
      serverUrl: client.url,
      echo: client.echo,
      print: (line) => output.push(String(line)),
      signal,
      args,
      plot: (measured) => series.push(measured),
      trace: (trace) => traces.push(trace),
    });
  } catch (thrown) {
    error = thrown;
  }
  const wallMs = performance.now() - started;
  const stats = await client.stats();
  const requests = stats.requests.filter((r) => !r.path.startsWith("/stats"));
  return error === undefined
    ? { output, requests, wallMs, series, traces }
    : { output, requests, wallMs, series, traces, error };
}

export function toRecordedRun(
  lesson: LessonInfo,
  run: LessonRun,
  outcome: RunOutcome,
  now = new Date(),
): RecordedRun {
  return {
    lesson: lesson.dir,
    run: run.name,
    title: run.title,
    output: outcome.output,
    requests: outcome.requests,
    wallMs: Math.round(outcome.wallMs * 100) / 100,
    node: process.version,
    recordedAt: now.toISOString(),
    ...(run.variesByMachine !== undefined && {
      variesByMachine: run.variesByMachine,
    }),
    ...(outcome.series.length > 0 && { series: outcome.series }),
    ...(outcome.traces !== undefined &&
      outcome.traces.length > 0 && { traces: outcome.traces }),
  };
}
