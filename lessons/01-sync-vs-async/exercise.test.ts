import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// The hint of hints.md that answers each wrong solution's mistake.
const HINTS: Record<string, number> = {
  "sequential-reduce.ts": 1,
  "pairs.ts": 2,
  "finish-order.ts": 3,
  "await-each.ts": 4,
  "settled-then-throw.ts": 4,
  "swallows-errors.ts": 4,
  "foreach-async.ts": 5,
};

// test/exercises.test.ts proves the check passes the solution and rejects
// each wrong solution for its mistake; these tests pin down what else it
// tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the one-at-a-time stub, says they ran one after another, and points at hint 1", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/peak 1: they ran one after another/);
    expect(verdict.details?.join("\n")).toMatch(/1 of 5 requests arrived/);
    expect(verdict.hint).toBe(1);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    HINTS,
    check,
    () => ctx.client,
  );

  it("names the export it expected when loadDashboard was renamed", async () => {
    const renamed = { loadWidgets: task.loadDashboard };
    const verdict = await check(renamed as unknown as typeof task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.expected).toMatch(/exported function named `loadDashboard`/);
    expect(verdict.observed).toMatch(/the file exports `loadWidgets`/);
    expect(verdict.requests ?? []).toEqual([]);
  });

  it("says that code which never sends a request sent none, not that it ran one after another", async () => {
    const never = { loadDashboard: () => new Promise<string[]>(() => {}) };
    const verdict = await check(never, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe(
      "no request reached the server: it had not finished after 4000 ms",
    );
  }, 10_000);
});
