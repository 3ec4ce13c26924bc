// The learner's progress record, the one `.workshop/progress.json` holds:
// checks passed and failed, hints unlocked, lessons marked done. Pure and
// browser-safe, so that `npm run verify`, the local runner and the static
// site's export and import all read and write the same shape.

export interface LessonProgress {
  /** Failed verifications since the last pass (or reset). */
  failures: number;
  /** Whether the exercise has passed at least once. */
  passed: boolean;
  /** ISO date of the last verification. */
  lastVerifiedAt: string;
  /** The hints (1-based) the learner was shown after a failed check, in
   * the order first shown (files written before they were kept have none;
   * `npm run verify` shows hint N after N failures in a row). */
  hintsSeen?: number[];
}

export interface Progress {
  /** Keyed by lesson folder, e.g. "01-sync-vs-async". */
  lessons: Record<string, LessonProgress>;
  /** Lessons the learner marked done on the site, in course order (files
   * written before the site shared the record do not have it). */
  done?: string[];
}

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isLessonProgress(value: unknown): value is LessonProgress {
  if (value === null || typeof value !== "object") return false;
  const entry = value as Record<string, unknown>;
  return (
    isCount(entry["failures"]) &&
    typeof entry["passed"] === "boolean" &&
    typeof entry["lastVerifiedAt"] === "string" &&
    (entry["hintsSeen"] === undefined ||
      (Array.isArray(entry["hintsSeen"]) &&
        entry["hintsSeen"].every((n) => isCount(n) && n > 0)))
  );
}

export function isProgress(value: unknown): value is Progress {
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  const lessons = record["lessons"];
  const done = record["done"];
  return (
    lessons !== null &&
    typeof lessons === "object" &&
    !Array.isArray(lessons) &&
    Object.values(lessons).every(isLessonProgress) &&
    (done === undefined ||
      (Array.isArray(done) && done.every((id) => typeof id === "string")))
  );
}

/** A record read from text (a file the learner picked, say), or why not. */
export function parseProgress(
  text: string,
): { progress: Progress } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  if (!isProgress(parsed)) {
    return { problem: "not workshop progress" };
  }
  return { progress: parsed };
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
    ...(before?.hintsSeen && { hintsSeen: before.hintsSeen }),
    failures: passed ? 0 : (before?.failures ?? 0) + 1,
    passed: passed || (before?.passed ?? false),
    lastVerifiedAt: now.toISOString(),
  };
  return { ...progress, lessons: { ...progress.lessons, [lesson]: entry } };
}

/** Forget the failures of one lesson, so hints start from the first again. */
export function resetLesson(progress: Progress, lesson: string): Progress {
  const lessons = { ...progress.lessons };
  delete lessons[lesson];
  return { ...progress, lessons };
}

/** The progress with hint `hint` (1-based) of `lesson` shown once more;
 * a lesson not verified yet is left as it is. */
export function recordHint(
  progress: Progress,
  lesson: string,
  hint: number,
): Progress {
  const before = progress.lessons[lesson];
  if (!before || hint < 1 || before.hintsSeen?.includes(hint)) return progress;
  const entry = { ...before, hintsSeen: [...(before.hintsSeen ?? []), hint] };
  return { ...progress, lessons: { ...progress.lessons, [lesson]: entry } };
}

/** How many hints of a lesson the learner has seen: those the site showed,
 * or as many as failures in a row unlocked in the terminal, the more. */
export function hintsUsed(entry: LessonProgress | undefined): number {
  if (!entry) return 0;
  return Math.max(entry.hintsSeen?.length ?? 0, entry.failures);
}

/** The progress with `lesson` marked done or not done. */
export function markDone(
  progress: Progress,
  lesson: string,
  done: boolean,
): Progress {
  const ids = new Set(progress.done ?? []);
  if (done) ids.add(lesson);
  else ids.delete(lesson);
  return { ...progress, done: [...ids].sort() };
}

/**
 * Which hint (1-based) to show after `failures` failures in a row: one more
 * each time, staying on the last; 0 means none.
 */
export function hintLevel(failures: number, hintCount: number): number {
  return Math.min(Math.max(failures, 0), hintCount);
}

/** Where the static site keeps an imported record, beside its ticks. */
export const PROGRESS_RECORD_KEY = "async-io-workshop:progress";

/**
 * The record the static site exports: the one imported last (checks and
 * hints from `npm run verify`), with this browser's ticks as its done list.
 */
export function recordForExport(
  storedRecord: string | null,
  done: ReadonlySet<string>,
): Progress {
  const imported = storedRecord ? parseProgress(storedRecord) : undefined;
  const base =
    imported && "progress" in imported ? imported.progress : { lessons: {} };
  return { ...base, done: [...done].sort() };
}
