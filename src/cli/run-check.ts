// Runs a lesson's exercise check on one implementation (the learner's task or
// the solution), for `npm run verify` and the exercise tests alike.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Verdict } from "../lib/lesson-types.ts";
import type { LessonInfo } from "../lib/lessons.ts";
import type { ServerClient } from "../server/types.ts";
import { CliError } from "./cli-error.ts";
import {
  exportsVerdict,
  loadFailureMessage,
  reexportVerdict,
  thrownVerdict,
  type CheckVerdict,
} from "./verdict-report.ts";

// Checks have their own deadlines; this one catches a check that has none.
const CHECK_DEADLINE_MS = 60_000;

type Check = (impl: unknown, server: ServerClient) => Promise<Verdict>;

export function exerciseFile(lesson: LessonInfo, name: string): string {
  const file = join(lesson.path, "exercise", name);
  if (!existsSync(file)) {
    throw new CliError(
      `lesson ${lesson.number} has no ${relative(process.cwd(), file)}`,
    );
  }
  return file;
}

async function importFrom(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** The implementation's exports; one that does not load is the learner's
 * to fix, not a failed attempt: it throws a CliError that says where. */
async function importImplementation(
  file: string,
): Promise<Record<string, unknown>> {
  try {
    return await importFrom(file);
  } catch (error) {
    const shown = relative(process.cwd(), file);
    throw new CliError(loadFailureMessage(file, shown, error));
  }
}

/** A file of `exercise/`: the learner's, the solution, or a wrong one. */
export type Implementation = "task.ts" | "solution.ts" | `wrong/${string}`;

/**
 * The verdict of the check on `implementation` (see `Implementation`);
 * an implementation that throws, or a check that hangs, fails. One that does
 * not load throws a CliError instead; one that lacks an export the solution
 * has (renamed, say) fails without running the check, and the verdict names
 * the export and is marked as not an attempt.
 */
export async function runCheck(
  lesson: LessonInfo,
  implementation: Implementation,
  client: ServerClient,
): Promise<CheckVerdict> {
  const checkModule = await importFrom(exerciseFile(lesson, "check.ts"));
  const check = checkModule["check"];
  if (typeof check !== "function") {
    throw new CliError(
      `lessons/${lesson.dir}/exercise/check.ts does not export a check function`,
    );
  }
  const impl = await importImplementation(exerciseFile(lesson, implementation));
  if (implementation !== "solution.ts") {
    const solution = await importFrom(exerciseFile(lesson, "solution.ts"));
    const file = implementation.split("/").at(-1) ?? implementation;
    const wrongExports =
      exportsVerdict(solution, impl, file) ??
      reexportVerdict(solution, impl, file);
    if (wrongExports) return wrongExports;
  }
  let deadline: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => {
        const seconds = CHECK_DEADLINE_MS / 1000;
        reject(new Error(`the check did not finish within ${seconds} s`));
      }, CHECK_DEADLINE_MS);
    });
    return await Promise.race([(check as Check)(impl, client), timedOut]);
  } catch (error) {
    return thrownVerdict(error);
  } finally {
    clearTimeout(deadline);
  }
}
