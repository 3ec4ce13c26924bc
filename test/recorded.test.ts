// The drift check: running each lesson again prints what its recording says
// (durations aside), makes the same requests, and takes about as long.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, type Connection } from "../src/cli/connect.ts";
import { loadRuns, runLessonRun } from "../src/cli/run-lesson.ts";
import { comparableOutput, comparablePaths } from "../src/lib/drift.ts";
import { discoverLessons } from "../src/lib/lessons.ts";
import {
  readRecordedRun,
  recordedRunNames,
  recordingGaps,
} from "../src/lib/recordings.ts";

// Only runs this long are steady enough to compare wall times.
const TIMED_ABOVE_MS = 300;
const RUN_TIMEOUT_MS = 60_000;

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
        if (recording.wallMs > TIMED_ABOVE_MS) {
          const ratio = outcome.wallMs / recording.wallMs;
          expect(
            ratio,
            `took ${Math.round(outcome.wallMs)} ms; recorded ${Math.round(recording.wallMs)} ms`,
          ).toBeGreaterThanOrEqual(0.5);
          expect(
            ratio,
            `took ${Math.round(outcome.wallMs)} ms; recorded ${Math.round(recording.wallMs)} ms`,
          ).toBeLessThanOrEqual(2);
        }
      },
      RUN_TIMEOUT_MS,
    );
  },
);
