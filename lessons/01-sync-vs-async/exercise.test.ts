import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution; these tests
// pin down what it tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the one-at-a-time stub and says they ran one after another", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/peak 1: they ran one after another/);
    expect(verdict.details?.join("\n")).toMatch(/1 of 5 requests arrived/);
  });

  it("fails code that overlaps but keeps the order in which bodies finished", async () => {
    const finishOrder = {
      async loadDashboard(baseUrl: string, paths: readonly string[]) {
        const bodies: string[] = [];
        await Promise.all(
          paths.map((path) =>
            fetch(new URL(path, baseUrl))
              .then((response) => response.text())
              .then((body) => bodies.push(body)),
          ),
        );
        return bodies;
      },
    };
    const verdict = await check(finishOrder, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.expected).toMatch(/in the order of the paths/);
  });
});
