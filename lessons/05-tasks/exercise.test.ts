import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import type { FetchOptions } from "../01-sync-vs-async/fetch-path.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

// See task-group.test.ts: fetch may leave a spare connection after an abort.
const ctx = useServer({ headersTimeoutMs: 300 });

// test/exercises.test.ts proves the check passes the solution; these tests
// pin down what it tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the stub and says the slow requests were still running", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /rejected after \d+ ms, but 2 of the 2 requests to \/delay\/3000 were still running/,
    );
  });

  it("fails code that aborts the others but rejects with their AbortError", async () => {
    const wrongError = {
      async fetchAllOrNothing(
        baseUrl: string,
        paths: readonly string[],
        options: FetchOptions = {},
      ) {
        const batch = new AbortController();
        const outer = options.signal === undefined ? [] : [options.signal];
        const signal = AbortSignal.any([batch.signal, ...outer]);
        const pending = paths.map((path) =>
          fetchPath(baseUrl, path, { signal }).catch((error: unknown) => {
            batch.abort();
            throw error;
          }),
        );
        const results = await Promise.allSettled(pending);
        // The first rejection in input order is an aborted sibling's.
        const rejected = results.find((r) => r.status === "rejected");
        if (rejected !== undefined) throw rejected.reason;
        return Promise.all(pending);
      },
    };
    const verdict = await check(wrongError, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /rejected with "AbortError.*" instead of the request that failed/,
    );
  });

  it("fails code that fetches one path at a time and names the peak", async () => {
    const oneByOne = {
      async fetchAllOrNothing(baseUrl: string, paths: readonly string[]) {
        const bodies: string[] = [];
        for (const path of paths) bodies.push(await fetchPath(baseUrl, path));
        return bodies;
      },
    };
    const verdict = await check(oneByOne, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/^peak 1 in flight/);
  });
});
