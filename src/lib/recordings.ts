// Where `npm run record` keeps a lesson's recorded runs, and which of them
// are missing or left over, for the recorder, the drift check and the
// lesson checker.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRun } from "./lesson-types.ts";

export function recordingsDir(lessonPath: string): string {
  return join(lessonPath, "recorded");
}

export function recordingPath(lessonPath: string, run: string): string {
  return join(recordingsDir(lessonPath), `${run}.json`);
}

/** Names of the runs that have a recording, sorted. */
export function recordedRunNames(lessonPath: string): string[] {
  const dir = recordingsDir(lessonPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

export interface RecordingGaps {
  /** Runs in main.ts without a recording. */
  missing: string[];
  /** Recordings of runs that main.ts no longer has. */
  stray: string[];
}

export function recordingGaps(
  lessonPath: string,
  runs: string[],
): RecordingGaps {
  const recorded = recordedRunNames(lessonPath);
  return {
    missing: runs.filter((run) => !recorded.includes(run)),
    stray: recorded.filter((run) => !runs.includes(run)),
  };
}

/** The recording as stored; the page's reader validates it in full. */
export function readRecordedRun(lessonPath: string, run: string): RecordedRun {
  return JSON.parse(
    readFileSync(recordingPath(lessonPath, run), "utf8"),
  ) as RecordedRun;
}
