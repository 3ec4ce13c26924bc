import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { discoverLessons } from "../../src/lib/lessons.ts";
import {
  findRun,
  loadRuns,
  runLessonRun,
  toRecordedRun,
} from "../../src/cli/run-lesson.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();
const [firstSteps, syncVsAsync] = discoverLessons(
  resolve(import.meta.dirname, "../fixtures/lessons"),
);
if (!firstSteps || !syncVsAsync) throw new Error("fixture lessons missing");

describe("loadRuns", () => {
  test("reads the runs a lesson's main.ts exports", async () => {
    const runs = await loadRuns(firstSteps);
    expect(runs.map((run) => run.name)).toEqual(["one-delay"]);
  });

  test("says so when a lesson has no main.ts", async () => {
    await expect(loadRuns(syncVsAsync)).rejects.toThrow(
      "lesson 02-sync-vs-async has no main.ts yet",
    );
  });
});

describe("findRun", () => {
  test("lists the lesson's runs when the name is unknown", async () => {
    const runs = await loadRuns(firstSteps);
    expect(() => findRun(firstSteps, runs, "two-delays")).toThrow(
      /no run "two-delays"; its runs are:\n {2}one-delay +One request/,
    );
  });
});

describe("runLessonRun", () => {
  test("collects the printed lines, the wall time and the server's log", async () => {
    const [run] = await loadRuns(firstSteps);
    if (!run) throw new Error("no run");
    const outcome = await runLessonRun(run, {
      client: ctx.client,
      signal: AbortSignal.timeout(5000),
    });
    expect(outcome.output[0]).toBe("waited 50 ms");
    expect(outcome.output[1]).toMatch(/^took \d+ ms$/);
    expect(outcome.requests.map((r) => r.path)).toEqual(["/delay/50"]);
    expect(
      outcome.wallMs,
      `a 50 ms delay took ${outcome.wallMs} ms`,
    ).toBeGreaterThanOrEqual(50);
    expect(outcome.wallMs).toBeLessThan(2000);
    expect(outcome.error).toBeUndefined();
  });

  test("keeps the output printed before a run threw, and the error", async () => {
    const outcome = await runLessonRun(
      {
        name: "fails",
        title: "Prints, then fails",
        run: async (runCtx) => {
          runCtx.print("before");
          const response = await fetch(`${runCtx.serverUrl}/status/503`);
          await response.body?.cancel();
          throw new Error(`status ${response.status}`);
        },
      },
      { client: ctx.client, signal: AbortSignal.timeout(5000) },
    );
    expect(outcome.output).toEqual(["before"]);
    expect((outcome.error as Error).message).toBe("status 503");
    expect(outcome.requests.map((r) => r.status)).toEqual([503]);
  });

  test("passes the extra arguments and the echo address to the run", async () => {
    const seen: unknown[] = [];
    await runLessonRun(
      {
        name: "args",
        title: "Shows its context",
        run: async (runCtx) => {
          seen.push(runCtx.args, runCtx.echo.port);
        },
      },
      {
        client: ctx.client,
        signal: AbortSignal.timeout(5000),
        args: ["-n", "3"],
      },
    );
    expect(seen).toEqual([["-n", "3"], ctx.server.echoPort]);
  });
});

describe("toRecordedRun", () => {
  test("stores what the run printed and requested, with provenance", () => {
    const recorded = toRecordedRun(
      firstSteps,
      { name: "one-delay", title: "One", run: async () => {} },
      { output: ["a"], requests: [], wallMs: 51.23456, series: [] },
      new Date("2025-01-02T00:00:00Z"),
    );
    expect(recorded).toEqual({
      lesson: "01-first-steps",
      run: "one-delay",
      title: "One",
      output: ["a"],
      requests: [],
      wallMs: 51.23,
      node: process.version,
      recordedAt: "2025-01-02T00:00:00.000Z",
    });
  });
});
