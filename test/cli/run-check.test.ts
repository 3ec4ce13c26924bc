import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { discoverLessons } from "../../src/lib/lessons.ts";
import { runCheck } from "../../src/cli/run-check.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();
const [lesson] = discoverLessons(
  resolve(import.meta.dirname, "fixtures/lessons"),
);
if (!lesson) throw new Error("fixture lesson missing");

describe("runCheck and the exports the check calls", () => {
  test("names the export a renamed function took away, and costs no attempt", async () => {
    const verdict = await runCheck(lesson, "task.ts", ctx.client);
    expect(verdict).toMatchObject({
      passed: false,
      notAnAttempt: true,
      expected: "task.ts to export `double` (a function), as the stub does",
      observed: "task.ts does not export `double`; it exports `doubled`",
    });
  });

  test("says when an export is there but is not the kind the check calls", async () => {
    const verdict = await runCheck(
      lesson,
      "wrong/not-a-function.ts",
      ctx.client,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe("`double` is a number, not a function");
  });

  test("runs the check when every export is there, helpers besides", async () => {
    expect(await runCheck(lesson, "wrong/helper.ts", ctx.client)).toMatchObject(
      {
        passed: true,
      },
    );
    expect(await runCheck(lesson, "solution.ts", ctx.client)).toMatchObject({
      passed: true,
    });
  });
});
