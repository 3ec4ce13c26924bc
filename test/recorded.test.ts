// The drift check: running each lesson again prints what its recording says
// (durations aside), makes the same requests, and keeps the server busy for
// about as long.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, type Connection } from "../src/cli/connect.ts";
import { loadRuns, runLessonRun } from "../src/cli/run-lesson.ts";
import { comparableOutput, comparablePaths } from "../src/lib/drift.ts";
import { discoverLessons } from "../src/lib/lessons.ts";
import type { RequestRecord } from "../src/server/types.ts";
import {
  readRecordedRun,
  recordedRunNames,
  recordingGaps,
} from "../src/lib/recordings.ts";

// Only request spans this long are steady enough to compare.
const TIMED_ABOVE_MS = 300;
const RUN_TIMEOUT_MS = 60_000;

/** From the first arrival to the last finish in a request log, in ms. */
function requestSpanMs(requests: RequestRecord[]): number {
  if (requests.length === 0) return 0;
  const start = Math.min(...requests.map((r) => r.arrivedAt));
  const end = Math.max(...requests.map((r) => r.finishedAt ?? r.arrivedAt));
  return end - start;
}

const lessons = await Promise.all(
  discoverLessons()
    .filter((lesson) => existsSync(join(lesson.path, "main.ts")))
    .map(async (lesson) => ({ lesson, runs: await loadRuns(lesson) })),
);

// A server in its own process, as `npm run record` uses: some runs block
// this thread on purpose, and an in-process server could not answer them.
let connection: Connection | undefined;
beforeAll(async () => {
  connection = await connect();
});
afterAll(async () => {
  await connection?.close();
});

describe.each(lessons)(
  "the recordings of lesson $lesson.dir",
  ({ lesson, runs }) => {
    test(`lesson ${lesson.dir}: every run has a recording and none is stray`, () => {
      const gaps = recordingGaps(
        lesson.path,
        runs.map((run) => run.name),
      );
      expect(gaps, `run \`npm run record -- ${lesson.number}\``).toEqual({
        missing: [],
        stray: [],
      });
    });

    const recorded = recordedRunNames(lesson.path);
    const runsWithRecording = runs.filter((run) => recorded.includes(run.name));
    test.each(runsWithRecording)(
      `lesson ${lesson.dir}, run $name: prints and requests what was recorded`,
      async (run) => {
        if (!connection) throw new Error("no server");
        const recording = readRecordedRun(lesson.path, run.name);
        const outcome = await runLessonRun(run, {
          client: connection.client,
          signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
        });
        expect(outcome.error).toBeUndefined();
        const rerun = `run \`npm run record -- ${lesson.number}\` if the change is intended`;
        expect(comparableOutput(outcome.output, run), rerun).toEqual(
          comparableOutput(recording.output, run),
        );
        expect(comparablePaths(outcome.requests, run), rerun).toEqual(
          comparablePaths(recording.requests, run),
        );
        // What the timelines show is how long the server was busy with the
        // run's requests, from the first arrival to the last answer: one
        // after another or together. That is compared; the run's whole
        // wall time also holds process and runtime start-up and CPU work,
        // which a busy machine stretches several times over.
        const recordedSpan = requestSpanMs(recording.requests);
        if (recordedSpan > TIMED_ABOVE_MS) {
          const span = requestSpanMs(outcome.requests);
          const ratio = span / recordedSpan;
          const message = `the server was busy for ${Math.round(span)} ms; recorded ${Math.round(recordedSpan)} ms`;
          expect(ratio, message).toBeGreaterThanOrEqual(0.5);
          expect(ratio, message).toBeLessThanOrEqual(2);
        }
      },
      RUN_TIMEOUT_MS,
    );
  },
);
