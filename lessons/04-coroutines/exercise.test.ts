import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these tests pin down how it explains a failure.
describe("the exercise check", () => {
  it("fails the stub and says the promise for the reset request never settled", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /the server reset \/fault\/reset, and it had not settled 3\.00 s later/,
    );
  });

  it("fails code that rejects but does not catch, and says it stopped at the reset", async () => {
    const noCatch = {
      ...solution,
      async firstAnswer(baseUrl: string, paths: readonly string[]) {
        for (const path of paths) {
          const response = await solution.getResponse(`${baseUrl}${path}`);
          if (response.status === 200) {
            return { path, body: response.body.toString() };
          }
        }
        throw new Error("no path answered 200");
      },
    };
    const verdict = await check(noCatch, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^the server reset \/fault\/reset, and it rejected with .*ECONNRESET.*, instead of trying the next path$/,
    );
  });

  it("fails code that tries every path at once, and names the path sent too early", async () => {
    const allAtOnce = {
      ...solution,
      async firstAnswer(baseUrl: string, paths: readonly string[]) {
        const settled = await Promise.allSettled(
          paths.map((path) => solution.getResponse(`${baseUrl}${path}`)),
        );
        const index = settled.findIndex(
          (s) => s.status === "fulfilled" && s.value.status === 200,
        );
        const won = settled[index];
        if (won?.status !== "fulfilled") throw new Error("none answered");
        return { path: paths[index] ?? "", body: won.value.body.toString() };
      },
    };
    const verdict = await check(allAtOnce, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^\/\S+ was sent before the path before it had its answer \(peak [2-4] in flight\): try one path at a time$/,
    );
  });

  it("fails code that resolves when every path failed, and quotes what it resolved with", async () => {
    const neverRejects = {
      ...solution,
      async firstAnswer(...args: Parameters<typeof solution.firstAnswer>) {
        try {
          return await solution.firstAnswer(...args);
        } catch {
          return { path: "", body: "" };
        }
      },
    };
    const verdict = await check(neverRejects, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.expected).toMatch(/rejects with an error naming each/);
    expect(verdict.observed).toBe('it resolved with {"path":"","body":""}');
  });
});
