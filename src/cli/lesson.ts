// `npm run lesson -- <n|slug> [run] [--server URL] [-- args]`: runs a lesson's
// runs against the bundled server and prints what happened, with a timeline.
import { formatMs } from "../lib/format.ts";
import { discoverLessons, formatLessonList } from "../lib/lessons.ts";
import type { LessonRun } from "../lib/lesson-types.ts";
import { CliError, errorMessage, runCli } from "./cli-error.ts";
import { connect } from "./connect.ts";
import { findLesson } from "./find-lesson.ts";
import { helpText } from "./args.ts";
import { LESSON_COMMAND, parseLessonArgs } from "./lesson-args.ts";
import {
  findRun,
  loadRuns,
  runLessonRun,
  type RunOutcome,
} from "./run-lesson.ts";
import { bold, terminalTimeline } from "./terminal.ts";
import { startTicker } from "./ticker.ts";

function printRun(run: LessonRun, outcome: RunOutcome): void {
  const lines = [
    bold(`── ${run.title} (${formatMs(outcome.wallMs)})`),
    ...outcome.output,
  ];
  if (run.timeline !== false)
    lines.push("", terminalTimeline(outcome.requests));
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

async function main(): Promise<void> {
  const args = parseLessonArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${helpText(LESSON_COMMAND)}\n`);
    return;
  }
  const lessons = discoverLessons();
  if (args.lesson === undefined) {
    process.stdout.write(
      `The lessons:\n${formatLessonList(lessons)}\n\nRun one with: npm run lesson -- <number or name> [run]\n`,
    );
    return;
  }
  const lesson = findLesson(args.lesson, lessons);
  const runs = await loadRuns(lesson);
  const selected =
    args.run === undefined ? runs : [findRun(lesson, runs, args.run)];

  const controller = new AbortController();
  const connection = await connect(args.server);
  // Ctrl-C: tell the run to stop, close the server, and leave with 130 as
  // shells expect of an interrupted command.
  const interrupt = () => {
    controller.abort(new Error("interrupted"));
    process.stderr.write("\ninterrupted\n");
    void connection.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  try {
    process.stdout.write(
      `Lesson ${lesson.number}: ${lesson.title} (server ${connection.client.url})\n\n`,
    );
    for (const run of selected) {
      const ticker = startTicker(`running ${run.name}…`);
      const outcome = await runLessonRun(run, {
        client: connection.client,
        signal: controller.signal,
        args: args.extra,
      }).finally(() => ticker.stop());
      printRun(run, outcome);
      if (outcome.error !== undefined) {
        if (process.env["DEBUG"]) console.error(outcome.error);
        throw new CliError(
          `run "${run.name}" failed: ${errorMessage(outcome.error)}`,
        );
      }
    }
  } finally {
    process.off("SIGINT", interrupt);
    await connection.close();
  }
}

await runCli(main);
