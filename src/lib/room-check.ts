// What the facilitator page promises for the room check (`npm run lesson
// -- 1`): how long lesson 1's runs took when they were recorded, read from
// the recordings, so the page never states a time nobody measured.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readRecording } from "./lesson-files.ts";

export interface RecordedWallTime {
  /** How many runs the lesson has recordings of. */
  runs: number;
  /** Their wall times added up, in ms. */
  totalMs: number;
  /** The Node version the recordings were made with (the newest's). */
  node: string;
}

/** The recorded runs of the lesson in `lessonDir`, timed in all. */
export function recordedWallTime(lessonDir: string): RecordedWallTime {
  const names = readdirSync(join(lessonDir, "recorded"))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
  const recordings = names.map((name) =>
    readRecording("room check", lessonDir, name),
  );
  const newest = [...recordings].sort((a, b) =>
    b.recordedAt.localeCompare(a.recordedAt),
  )[0];
  return {
    runs: recordings.length,
    totalMs: recordings.reduce((sum, run) => sum + run.wallMs, 0),
    node: newest?.node ?? "unknown",
  };
}

/** "about 7 seconds": whole seconds from a second on, else "under a second". */
export function aboutSeconds(ms: number): string {
  if (ms < 1000) return "under a second";
  const seconds = Math.round(ms / 1000);
  return `about ${seconds} ${seconds === 1 ? "second" : "seconds"}`;
}
