// `npm run verify -- <lesson> [--solution | --reset]`: runs the lesson's
// exercise check on the learner's `exercise/task.ts` against the bundled
// server, explains the verdict, and shows one more hint after each failure.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { hintTerminalText, parseHints } from "../lib/hints.ts";
import {
  discoverLessons,
  formatLessonList,
  type LessonInfo,
} from "../lib/lessons.ts";
import {
  loadProgress,
  recordHint,
  recordVerdict,
  resetLesson,
  saveProgress,
  WORKSHOP_DIR,
} from "../lib/progress.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { runCli } from "./cli-error.ts";
import { connect } from "./connect.ts";
import { findLesson } from "./find-lesson.ts";
import { restoreCommitted } from "./reset-task.ts";
import { exerciseFile, runCheck } from "./run-check.ts";
import { bold, inlineCode, terminalTimeline, useColor } from "./terminal.ts";
import { startTicker } from "./ticker.ts";
import {
  formatHint,
  formatVerdict,
  nextStep,
  shownHint,
  type CheckVerdict,
} from "./verdict-report.ts";

const VERIFY_COMMAND = defineCommand({
  command: "npm run verify",
  usage: "<lesson> [--solution | --reset]",
  summary:
    "Checks your lessons/<lesson>/exercise/task.ts against the bundled server,\n" +
    "says in words what the check expected and what your code did, draws the\n" +
    "timeline, and after each failure shows one more hint.",
  argumentsHelp: ["<lesson>  a lesson's number (1) or name (sync-vs-async)"],
  options: {
    solution: {
      type: "boolean",
      description: "print the worked solution instead of checking",
    },
    reset: {
      type: "boolean",
      description:
        "start the exercise again: task.ts back to the stub as committed\n" +
        "(your version is kept in .workshop/backups/), hints from the first",
    },
  },
  examples: [
    "npm run verify -- 1",
    "npm run verify -- 1 --solution",
    "npm run verify -- 1 --reset",
  ],
  maxPositionals: 1,
});

function shown(path: string): string {
  return relative(process.cwd(), path);
}

/** Starts a lesson's exercise again: the stub back, the hints from the first. */
function reset(lesson: LessonInfo): string {
  const loaded = loadProgress();
  saveProgress(resetLesson(loaded.progress, lesson.dir));
  const task = exerciseFile(lesson, "task.ts");
  const outcome = restoreCommitted(
    task,
    join(WORKSHOP_DIR, "backups", lesson.dir),
  );
  const hints = "hints start again from the first.";
  switch (outcome.kind) {
    case "unchanged":
      return `Lesson ${lesson.number}: ${shown(task)} is already the stub; ${hints}`;
    case "restored":
      return [
        `Lesson ${lesson.number}: ${shown(task)} is the stub again, as committed; ${hints}`,
        ...(outcome.backup
          ? [
              `Your version is kept in ${shown(outcome.backup)}; to bring it back:`,
              `  cp ${shown(outcome.backup)} ${shown(task)}`,
            ]
          : []),
      ].join("\n");
    case "unavailable":
      return [
        `Lesson ${lesson.number}: ${hints}`,
        `${shown(task)} is as you left it: the committed stub could not be read (${outcome.reason}).`,
        `To start from the stub, take lessons/${lesson.dir}/exercise/task.ts from the course's repository.`,
      ].join("\n");
  }
}

/** Hints wrap at 80 columns, or at a narrower window's width; a terminal
 * that does not say how wide it is (0) gets 80. */
function hintWidth(columns: number | undefined): number {
  return columns !== undefined && columns >= 40 ? Math.min(columns, 80) : 80;
}

function runnable(lessons: LessonInfo[]) {
  return lessons
    .filter((lesson) => existsSync(join(lesson.path, "main.ts")))
    .map((lesson) => ({
      number: lesson.number,
      title: lesson.title,
      hasExercise: existsSync(join(lesson.path, "exercise", "check.ts")),
    }));
}

async function main(): Promise<void> {
  const parsed = readCommandLine(VERIFY_COMMAND);
  if (!parsed) return;
  const lessons = discoverLessons();
  const [name] = parsed.positionals;
  if (name === undefined) {
    throw usageError(
      VERIFY_COMMAND,
      `which lesson? Name one by number or name:\n${formatLessonList(lessons)}`,
    );
  }
  if (parsed.values.solution && parsed.values.reset) {
    throw usageError(VERIFY_COMMAND, "--solution and --reset: pick one");
  }
  const lesson = findLesson(name, lessons);

  if (parsed.values.solution) {
    const file = exerciseFile(lesson, "solution.ts");
    process.stdout.write(
      `${bold(`── ${shown(file)}`)}\n${readFileSync(file, "utf8")}`,
    );
    return;
  }
  if (parsed.values.reset) {
    process.stdout.write(`${reset(lesson)}\n`);
    return;
  }
  const loaded = loadProgress();
  if (loaded.problem) process.stderr.write(`warning: ${loaded.problem}\n`);

  const connection = await connect();
  const ticker = startTicker(
    `checking lessons/${lesson.dir}/exercise/task.ts…`,
  );
  let verdict: CheckVerdict;
  try {
    verdict = await runCheck(lesson, "task.ts", connection.client);
  } finally {
    ticker.stop();
    await connection.close();
  }

  const label = `lesson ${lesson.number}: ${lesson.title} (exercise/task.ts)`;
  const shownVerdict = {
    ...verdict,
    expected: inlineCode(verdict.expected),
    observed: inlineCode(verdict.observed),
    details: (verdict.details ?? []).map((line) => inlineCode(line)),
  };
  const out = [formatVerdict(shownVerdict, label)];
  if (verdict.requests) out.push("", terminalTimeline(verdict.requests));
  if (verdict.notAnAttempt) {
    process.exitCode = 1;
    process.stdout.write(`${out.join("\n")}\n`);
    return;
  }
  const progress = recordVerdict(loaded.progress, lesson.dir, verdict.passed);
  saveProgress(progress);
  if (verdict.passed) {
    out.push(
      "",
      "Well done: the exercise passes. Progress saved.",
      "",
      nextStep(runnable(lessons), lesson.number),
    );
  } else {
    const failures = progress.lessons[lesson.dir]?.failures ?? 1;
    const hintsFile = exerciseFile(lesson, "hints.md");
    const color = useColor();
    const hints = parseHints(readFileSync(hintsFile, "utf8"), hintsFile).map(
      (hint) => ({
        title: bold(hint.title),
        body: hintTerminalText(hint, {
          color,
          width: hintWidth(process.stdout.columns),
        }),
      }),
    );
    const hint = formatHint(hints, failures, lesson.number, verdict.hint);
    if (hint) out.push("", hint);
    // The site's progress box shows which hints were seen, here or there.
    const seen = shownHint(hints.length, failures, verdict.hint);
    if (seen !== undefined) {
      saveProgress(recordHint(progress, lesson.dir, seen));
    }
    process.exitCode = 1;
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

await runCli(main);
