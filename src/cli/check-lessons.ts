// `npm run check:lessons`: the lesson checker over every lesson folder. Prints
// a checklist per lesson and exits 1 if anything is missing or broken.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkLesson, formatChecklist } from "../lib/lesson-checker.ts";
import {
  discoverLessons,
  isDraft,
  lessonFolders,
  type LessonInfo,
} from "../lib/lessons.ts";
import { CliError, errorMessage, runCli } from "./cli-error.ts";
import { loadRuns } from "./run-lesson.ts";

async function runNames(lesson: LessonInfo): Promise<string[] | Error> {
  try {
    return (await loadRuns(lesson)).map((run) => run.name);
  } catch (error) {
    return new Error(`main.ts: ${errorMessage(error)}`);
  }
}

async function main(): Promise<void> {
  const packageJson = resolve(import.meta.dirname, "../../package.json");
  const { scripts = {} } = JSON.parse(readFileSync(packageJson, "utf8")) as {
    scripts?: Record<string, string>;
  };
  for (const draft of lessonFolders().filter(isDraft)) {
    console.log(
      `${draft.dir}\n  - a draft: no index.mdx yet, so not part of the course and not checked\n`,
    );
  }
  const lessons = discoverLessons();
  if (lessons.length === 0) throw new CliError("no lesson folders in lessons/");
  let problems = 0;
  for (const lesson of lessons) {
    const items = checkLesson({
      lesson,
      scripts,
      runs: await runNames(lesson),
    });
    problems += items.reduce((sum, item) => sum + item.problems.length, 0);
    console.log(`${formatChecklist(lesson.dir, items)}\n`);
  }
  const summary = `${lessons.length} lessons checked, ${problems} problem(s)`;
  if (problems > 0) throw new CliError(summary);
  console.log(`${summary}: all good`);
}

await runCli(main);
