// `npm run record [-- <lesson>...]`: runs every run of the named lessons (all
// lessons with a main.ts if none are named) against a fresh bundled server
// and writes `lessons/<dir>/recorded/<run>.json` for the pages.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatMs } from "../lib/format.ts";
import { discoverLessons, type LessonInfo } from "../lib/lessons.ts";
import {
  recordingGaps,
  recordingPath,
  recordingsDir,
} from "../lib/recordings.ts";
import { defineCommand, readCommandLine } from "./args.ts";
import { CliError, errorMessage, runCli } from "./cli-error.ts";
import { connect } from "./connect.ts";
import { findLesson } from "./find-lesson.ts";
import { loadRuns, runLessonRun, toRecordedRun } from "./run-lesson.ts";
import { startTicker } from "./ticker.ts";

const RECORD_COMMAND = defineCommand({
  command: "npm run record",
  usage: "[<lesson>...]",
  summary:
    "Runs every run of the named lessons (of every lesson with a main.ts if\n" +
    "none is named) against a fresh bundled server, and writes the output and\n" +
    "the request log to lessons/<lesson>/recorded/<run>.json for the pages.",
  argumentsHelp: ["<lesson>  a lesson's number (1) or name (sync-vs-async)"],
  options: {},
  examples: ["npm run record", "npm run record -- 1 7"],
  maxPositionals: Number.POSITIVE_INFINITY,
});

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function shown(path: string): string {
  return relative(process.cwd(), path);
}

/** Records every run of one lesson; returns the names of runs that failed. */
async function recordLesson(lesson: LessonInfo): Promise<string[]> {
  const runs = await loadRuns(lesson);
  const failed: string[] = [];
  // A fresh server per lesson, so one lesson's connections cannot leak into
  // the next one's log.
  const connection = await connect();
  try {
    mkdirSync(recordingsDir(lesson.path), { recursive: true });
    for (const run of runs) {
      const ticker = startTicker(`recording ${lesson.dir} ${run.name}…`);
      const outcome = await runLessonRun(run, {
        client: connection.client,
        signal: AbortSignal.timeout(120_000),
      }).finally(() => ticker.stop());
      const file = recordingPath(lesson.path, run.name);
      if (outcome.error !== undefined) {
        failed.push(run.name);
        console.log(
          `✗ ${shown(file)}: the run failed (${errorMessage(outcome.error)}); kept the old recording`,
        );
        continue;
      }
      const recorded = toRecordedRun(lesson, run, outcome);
      writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
      console.log(
        `✓ ${shown(file)}  ${formatMs(outcome.wallMs)}, ${count(outcome.output.length, "line")}, ${count(outcome.requests.length, "request")}`,
      );
    }
  } finally {
    await connection.close();
  }
  // Recordings of runs that main.ts no longer has would only mislead.
  const { stray } = recordingGaps(
    lesson.path,
    runs.map((run) => run.name),
  );
  for (const name of stray) {
    rmSync(recordingPath(lesson.path, name));
    console.log(
      `- ${shown(recordingPath(lesson.path, name))}: removed (no such run in main.ts)`,
    );
  }
  return failed;
}

async function main(): Promise<void> {
  const parsed = readCommandLine(RECORD_COMMAND);
  if (!parsed) return;
  const names = parsed.positionals;
  const lessons =
    names.length > 0
      ? names.map((name) => findLesson(name))
      : discoverLessons().filter((l) => existsSync(join(l.path, "main.ts")));
  if (lessons.length === 0)
    throw new CliError("no lesson has a main.ts to record");
  const failures: string[] = [];
  for (const lesson of lessons) {
    const failed = await recordLesson(lesson);
    failures.push(...failed.map((run) => `${lesson.dir}/${run}`));
  }
  if (failures.length > 0) {
    throw new CliError(
      `${failures.length} run(s) failed: ${failures.join(", ")}`,
    );
  }
}

await runCli(main);
