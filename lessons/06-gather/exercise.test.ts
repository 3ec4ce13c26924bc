import { describe, expect, it } from "vitest";
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { asCompleted } from "./as-completed.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

// After an abort, fetch may open a spare connection that never carries a
// request; a short headers timeout lets the server close it, as it would
// for any silent client, before the leak check looks.
const ctx = useServer({ headersTimeoutMs: 300 });

type Paths = readonly string[];

/** Each body, or `null` for a failure, in the order the requests finish. */
function inFinishingOrder(baseUrl: string, paths: Paths, signal?: AbortSignal) {
  const options: FetchOptions = signal === undefined ? {} : { signal };
  return asCompleted(
    paths.map((path) => fetchPath(baseUrl, path, options).catch(() => null)),
  );
}

// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these tests pin down what it tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the Promise.allSettled stub and says it kept the order of the paths", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^after 2\.\d\d s it resolved with waited 1200 ms, waited 100 ms: the first 2 in the order of the paths, not the first 2 to finish$/,
    );
  });

  it("fails code that takes finishing order but waits for every request, with both times", async () => {
    const waitsForAll = {
      async firstSuccesses(baseUrl: string, paths: Paths, k: number) {
        const bodies: string[] = [];
        for await (const body of inFinishingOrder(baseUrl, paths)) {
          if (body !== null) bodies.push(body);
        }
        return bodies.slice(0, k);
      },
    };
    const verdict = await check(waitsForAll, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^it resolved after 2\.\d\d s, but its 2 successes were in at \d+ ms \(server log\): it waited for the slow requests$/,
    );
  });

  it("fails code that returns at k without aborting and says the slow requests ended ok", async () => {
    const leavesThemRunning = {
      async firstSuccesses(baseUrl: string, paths: Paths, k: number) {
        const bodies: string[] = [];
        for await (const body of inFinishingOrder(baseUrl, paths)) {
          if (body !== null) bodies.push(body);
          if (bodies.length === k) return bodies;
        }
        throw new Error(`only ${bodies.length} succeeded`);
      },
    };
    const verdict = await check(leavesThemRunning, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^it resolved after \d+ ms, but \/delay\/1200 ended ok at 1\.\d\d s and \/delay\/2000 ended ok at 2\.\d\d s: nothing aborted them$/,
    );
  });

  it("fails code that lets a failure end the asCompleted loop", async () => {
    const stopsAtFailure = {
      async firstSuccesses(
        baseUrl: string,
        paths: Paths,
        k: number,
        { signal }: FetchOptions = {},
      ) {
        const options = signal === undefined ? {} : { signal };
        const pending = paths.map((path) => fetchPath(baseUrl, path, options));
        const bodies: string[] = [];
        for await (const body of asCompleted(pending)) {
          bodies.push(body);
          if (bodies.length === k) return bodies;
        }
        return bodies;
      },
    };
    const verdict = await check(stopsAtFailure, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe(
      "it rejected instead of skipping the failure: Error: GET /status/500 answered 500: 500 Internal Server Error",
    );
  });
});
