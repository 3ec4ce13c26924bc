import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";

// See task-group.test.ts: fetch may leave a spare connection after an abort.
const ctx = useServer({ headersTimeoutMs: 300 });

// The hint of hints.md that answers each wrong solution's mistake.
const HINTS: Record<string, number> = {
  "no-abort.ts": 1,
  "ignores-caller.ts": 2,
  "promise-all-abort.ts": 3,
  "short-pause.ts": 3,
  "first-in-list.ts": 4,
  "sequential.ts": 5,
  "finish-order.ts": 5,
  "swallows-failure.ts": 6,
};

// test/exercises.test.ts proves the check passes the solution and rejects
// each wrong solution for its mistake; these tests pin down what else it
// tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the stub, says the slow tasks were never aborted, and points at hint 1", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /rejected after \d+ ms, but 2 of the 2 tasks requesting \/delay\/3000 were never aborted/,
    );
    expect(verdict.hint).toBe(1);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    HINTS,
    check,
    () => ctx.client,
  );

  it("names the export it expected when allOrNothing was renamed", async () => {
    const renamed = { fetchAllOrNothing: solution.allOrNothing };
    const verdict = await check(renamed as unknown as typeof task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /does not export `allOrNothing`; the file exports `fetchAllOrNothing`/,
    );
  });
});
