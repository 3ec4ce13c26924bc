// A learner's progress through the exercises, kept in `.workshop/progress.json`
// so that `npm run verify` can show one more hint after each failure in a row.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface LessonProgress {
  /** Failed verifications since the last pass (or reset). */
  failures: number;
  /** Whether the exercise has passed at least once. */
  passed: boolean;
  /** ISO date of the last verification. */
  lastVerifiedAt: string;
}

export interface Progress {
  /** Keyed by lesson folder, e.g. "01-sync-vs-async". */
  lessons: Record<string, LessonProgress>;
}

/** Where a learner's own state lives (git ignores it). */
export const WORKSHOP_DIR = resolve(import.meta.dirname, "../../.workshop");

export const DEFAULT_PROGRESS_FILE = resolve(WORKSHOP_DIR, "progress.json");

export interface LoadedProgress {
  progress: Progress;
  /** Why the file was unusable; it is replaced on the next save. */
  problem?: string;
}

function isLessonProgress(value: unknown): value is LessonProgress {
  if (value === null || typeof value !== "object") return false;
  const entry = value as Record<string, unknown>;
  return (
    Number.isInteger(entry["failures"]) &&
    (entry["failures"] as number) >= 0 &&
    typeof entry["passed"] === "boolean" &&
    typeof entry["lastVerifiedAt"] === "string"
  );
}

function isProgress(value: unknown): value is Progress {
  if (value === null || typeof value !== "object") return false;
  const lessons = (value as Record<string, unknown>)["lessons"];
  return (
    lessons !== null &&
    typeof lessons === "object" &&
    !Array.isArray(lessons) &&
    Object.values(lessons).every(isLessonProgress)
  );
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

export function saveProgress(
  progress: Progress,
  file = DEFAULT_PROGRESS_FILE,
): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(progress, null, 2)}\n`);
}

/** The progress after one verification: a pass resets the failure count. */
export function recordVerdict(
  progress: Progress,
  lesson: string,
  passed: boolean,
  now = new Date(),
): Progress {
  const before = progress.lessons[lesson];
  const entry: LessonProgress = {
    failures: passed ? 0 : (before?.failures ?? 0) + 1,
    passed: passed || (before?.passed ?? false),
    lastVerifiedAt: now.toISOString(),
  };
  return { lessons: { ...progress.lessons, [lesson]: entry } };
}

/** Forget the failures of one lesson, so hints start from the first again. */
export function resetLesson(progress: Progress, lesson: string): Progress {
  const lessons = { ...progress.lessons };
  delete lessons[lesson];
  return { lessons };
}

/**
 * Which hint (1-based) to show after `failures` failures in a row: one more
 * each time, staying on the last; 0 means none.
 */
export function hintLevel(failures: number, hintCount: number): number {
  return Math.min(Math.max(failures, 0), hintCount);
}
