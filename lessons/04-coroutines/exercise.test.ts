import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// The hint of hints.md that answers each wrong solution's mistake.
const HINTS: Record<string, number> = {
  "ignores-error.ts": 1,
  "no-try-catch.ts": 3,
  "catch-around-loop.ts": 3,
  "all-at-once.ts": 4,
  "any-status.ts": 5,
  "keeps-going.ts": 5,
  "swallows-failure.ts": 6,
  "names-last-failure.ts": 6,
  "forgets-neither.ts": 2,
};

// test/exercises.test.ts proves the check passes the solution and rejects
// each wrong solution for its mistake; these tests pin down what else it
// tells a learner whose code is wrong.
describe("the exercise check", () => {
  it("fails the stub, says the promise for the reset request never settled, and points at hint 1", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /the server reset \/fault\/reset, and it had not settled 3\.00 s later/,
    );
    expect(verdict.hint).toBe(1);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    HINTS,
    check,
    () => ctx.client,
  );

  it("names the export it expected when firstAnswer was renamed", async () => {
    const renamed = {
      getResponse: solution.getResponse,
      first: solution.firstAnswer,
    };
    const verdict = await check(renamed as unknown as typeof task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.expected).toMatch(/exported function named `firstAnswer`/);
    expect(verdict.observed).toMatch(/the file exports `getResponse`, `first`/);
  });
});

describe("the worked solution's getResponse", () => {
  it("rejects when the callback brings neither an error nor a response", async () => {
    // `httpGet` calls back with `(null)` when its signal was aborted with
    // a null reason: no error, and no response either.
    const controller = new AbortController();
    controller.abort(null);
    await expect(
      solution.getResponse(`${ctx.server.url}/delay/50`, {
        signal: controller.signal,
      }),
    ).rejects.toThrow(/neither an error nor a response/);
  });
});
