// test/exercises.test.ts proves the check passes the solution and fails the
// stub; this one checks that the stub's failure is explained by its cause.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

describe("the lesson 2 exercise check", () => {
  it("tells the stub that its requests went one at a time, quoting the barrier", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/at most 1 of 3 requests were in flight/);
    expect(verdict.details).toEqual([
      expect.stringMatching(/timed out after 800 ms: 1 of 3 requests arrived/),
    ]);
  });
});
