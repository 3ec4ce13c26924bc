// `npm run verify -- <lesson> [--solution] [--reset]`: runs the lesson's
// exercise check on the learner's `exercise/task.ts` against the bundled
// server, explains the verdict, and shows one more hint after each failure.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { parseHints } from "../lib/hints.ts";
import type { Verdict } from "../lib/lesson-types.ts";
import {
  loadProgress,
  recordVerdict,
  resetLesson,
  saveProgress,
} from "../lib/progress.ts";
import { CliError, runCli } from "./cli-error.ts";
import { connect } from "./connect.ts";
import { findLesson } from "./find-lesson.ts";
import { bold, terminalTimeline } from "./terminal.ts";
import { startTicker } from "./ticker.ts";
import { exerciseFile, runCheck } from "./run-check.ts";
import { formatHint, formatVerdict } from "./verdict-report.ts";

const USAGE = "usage: npm run verify -- <lesson> [--solution] [--reset]";

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { solution: { type: "boolean" }, reset: { type: "boolean" } },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const [name, ...rest] = parsed.positionals;
  if (name === undefined || rest.length > 0) throw new CliError(USAGE);
  const lesson = findLesson(name);

  if (parsed.values.solution) {
    const file = exerciseFile(lesson, "solution.ts");
    process.stdout.write(
      `${bold(`── ${relative(process.cwd(), file)}`)}\n${readFileSync(file, "utf8")}`,
    );
    return;
  }
  const loaded = loadProgress();
  if (loaded.problem) process.stderr.write(`warning: ${loaded.problem}\n`);
  if (parsed.values.reset) {
    saveProgress(resetLesson(loaded.progress, lesson.dir));
    process.stdout.write(
      `Lesson ${lesson.number}: progress cleared; hints start again from the first.\n`,
    );
    return;
  }

  const connection = await connect();
  const ticker = startTicker(
    `checking lessons/${lesson.dir}/exercise/task.ts…`,
  );
  let verdict: Verdict;
  try {
    verdict = await runCheck(lesson, "task.ts", connection.client);
  } finally {
    ticker.stop();
    await connection.close();
  }

  const label = `lesson ${lesson.number}: ${lesson.title} (exercise/task.ts)`;
  const out = [formatVerdict(verdict, label)];
  if (verdict.requests) out.push("", terminalTimeline(verdict.requests));
  const progress = recordVerdict(loaded.progress, lesson.dir, verdict.passed);
  saveProgress(progress);
  if (verdict.passed) {
    out.push("", "Well done: the exercise passes. Progress saved.");
  } else {
    const failures = progress.lessons[lesson.dir]?.failures ?? 1;
    const hintsFile = exerciseFile(lesson, "hints.md");
    const hint = formatHint(
      parseHints(readFileSync(hintsFile, "utf8"), hintsFile),
      failures,
      lesson.number,
      verdict.hint,
    );
    if (hint) out.push("", hint);
    process.exitCode = 1;
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

await runCli(main);
