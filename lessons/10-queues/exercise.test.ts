import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import * as closeHangs from "./exercise/wrong/close-hangs.ts";
import * as polling from "./exercise/wrong/polling.ts";
import * as unbounded from "./exercise/wrong/unbounded.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects each wrong solution for its reason; these tests pin
// down which hint each mistake gets, and what a pass says.
describe("the exercise check explains itself", () => {
  it("fails the stub, whose get() does not wait, with the first hint", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^get\(\) on an empty queue resolved at once, with undefined/,
    );
    expect(verdict.hint).toBe(1);
  });

  it("answers polling with the hint on handing items over, a missing bound with the one on full queues, a hanging close with the one on close", async () => {
    const hints = [];
    for (const impl of [polling, unbounded, closeHangs]) {
      hints.push((await check(impl, ctx.client)).hint);
    }
    expect(hints).toEqual([2, 3, 4]);
  });

  it("passes the solution after a real drain and a real cancel, timed", async () => {
    const verdict = await check(solution, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
    const ms = Number(/stopped it after (\d+) ms/.exec(verdict.observed)?.[1]);
    expect(ms, verdict.observed).toBeLessThan(2000);
    // The timeline is the drain's: twelve items, each once.
    expect(verdict.requests).toHaveLength(12);
  });
});
