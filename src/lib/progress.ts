// A learner's progress through the exercises, kept in `.workshop/progress.json`
// so that `npm run verify` can show one more hint after each failure in a row,
// and so that the site served by `npm start` shares it (src/runner/). The
// record itself, and what changes it, is in runner-progress.ts.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { isProgress, type Progress } from "./runner-progress.ts";

export {
  hintLevel,
  hintsUsed,
  markDone,
  recordHint,
  recordVerdict,
  resetLesson,
  type LessonProgress,
  type Progress,
} from "./runner-progress.ts";

/** Where a learner's own state lives (git ignores it). */
export const WORKSHOP_DIR = resolve(import.meta.dirname, "../../.workshop");

export const DEFAULT_PROGRESS_FILE = resolve(WORKSHOP_DIR, "progress.json");

export interface LoadedProgress {
  progress: Progress;
  /** Why the file was unusable; it is replaced on the next save. */
  problem?: string;
}

/** Reads the file; a missing one is a fresh start, a corrupt one is reported. */
export function loadProgress(file = DEFAULT_PROGRESS_FILE): LoadedProgress {
  const fresh: Progress = { lessons: {} };
  if (!existsSync(file)) return { progress: fresh };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return {
      progress: fresh,
      problem: `${file} is not valid JSON (${(error as Error).message}); starting afresh`,
    };
  }
  if (!isProgress(parsed)) {
    return {
      progress: fresh,
      problem: `${file} does not look like workshop progress; starting afresh`,
    };
  }
  return { progress: parsed };
}

/** Writes the file beside and renames it over, so that a reader (the
 * runner, `npm run verify`) never sees half a file. */
export function saveProgress(
  progress: Progress,
  file = DEFAULT_PROGRESS_FILE,
): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(partial, file);
}
