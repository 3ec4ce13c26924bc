import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

describe("the lesson 2 exercise check", () => {
  it("passes the solution", async () => {
    const verdict = await check(solution, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
  });

  it("fails the stub, saying the requests went one at a time", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/at most 1 of 3 requests were in flight/);
  });
});
