import { describe, expect, test } from "vitest";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the stub
// and rejects every wrong solution; these pin down the rest.
describe("the exercise check", () => {
  test("fails the stub, which opens all its connections at once", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/^opened all at once: \d+ of 120/);
    expect(verdict.hint).toBe(2);
  });

  test("names the export it expected when there is none", async () => {
    const verdict = await check({ keep: () => 0 }, ctx.client);
    expect(verdict.observed).toMatch(/no keepAlive/);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    {
      "new-connection-per-request.ts": 1,
      "all-at-once.ts": 2,
      "one-at-a-time.ts": 2,
      "back-to-back.ts": 3,
      "rejects-on-error.ts": 4,
      "swallows-errors.ts": 4,
      "retries-a-dead-connection.ts": 4,
      "never-closes.ts": 5,
      "original-pacing.ts": 2,
      "one-per-tick.ts": 2,
      "fixed-pause.ts": 3,
      "counts-sends.ts": 3,
      "closes-only-on-abort.ts": 5,
      "pause-ignores-abort.ts": 5,
      "resolves-at-abort.ts": 5,
      "ramp-ignores-abort.ts": 5,
    },
    check,
    () => ctx.client,
  );
});
