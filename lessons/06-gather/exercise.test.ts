import { describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these tests pin down what it tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the plain Promise.all stub and says the slow requests kept running", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /2 of the \/delay\/1500 requests kept running and finished ok at 1\.\d\d s/,
    );
  });

  it("fails one-at-a-time code at the barrier and says they ran one after another", async () => {
    const sequential = {
      async fetchAllOrAbort(baseUrl: string, paths: readonly string[]) {
        const bodies: string[] = [];
        for (const path of paths) bodies.push(await fetchPath(baseUrl, path));
        return bodies;
      },
    };
    const verdict = await check(sequential, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/peak 1: they ran one after another/);
    expect(verdict.details?.join("\n")).toMatch(/1 of 4 requests arrived/);
  });

  it("fails code that settles every request and resolves despite the failure", async () => {
    const settles = {
      async fetchAllOrAbort(baseUrl: string, paths: readonly string[]) {
        const results = await Promise.allSettled(
          paths.map((path) => fetchPath(baseUrl, path)),
        );
        return results.map((r) => (r.status === "fulfilled" ? r.value : ""));
      },
    };
    const verdict = await check(settles, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe("it resolved, although /status/500 failed");
  });
});
