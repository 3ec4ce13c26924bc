import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";
import * as failureEndsLoop from "./exercise/wrong/failure-ends-loop.ts";
import * as ignoresCaller from "./exercise/wrong/ignores-caller.ts";
import * as noAbort from "./exercise/wrong/no-abort.ts";
import * as waitsForAll from "./exercise/wrong/waits-for-all.ts";

// After an abort, fetch may open a spare connection that never carries a
// request; a short headers timeout lets the server close it, as it would
// for any silent client, before the leak check looks.
const ctx = useServer({ headersTimeoutMs: 300 });

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects every wrong solution for its reason; these tests pin
// down the figures a learner is told.
describe("the exercise check explains a failure", () => {
  it("fails the Promise.allSettled stub and says it kept the order of the paths", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^after 2\.\d\d s it resolved with waited 1200 ms, waited 100 ms: the first 2 in the order of the paths, not the first 2 to finish$/,
    );
    expect(verdict.hint).toBe(1);
  });

  it("fails code that takes finishing order but waits for every request, with both times", async () => {
    const verdict = await check(waitsForAll, ctx.client);
    expect(verdict.observed).toMatch(
      /^it resolved after 2\.\d\d s, but its 2 successes were in at \d+ ms \(server log\): it waited for the slow requests$/,
    );
    expect(verdict.hint).toBe(3);
  });

  it("fails code that returns at k without aborting and says the slow requests ended ok", async () => {
    const verdict = await check(noAbort, ctx.client);
    expect(verdict.observed).toMatch(
      /^it resolved after \d+ ms, but \/delay\/1200 ended ok at 1\.\d\d s and \/delay\/2000 ended ok at 2\.\d\d s: nothing aborted them$/,
    );
    expect(verdict.hint).toBe(4);
  });

  it("fails code that lets a failure end the asCompleted loop", async () => {
    const verdict = await check(failureEndsLoop, ctx.client);
    expect(verdict.observed).toBe(
      "it rejected instead of skipping the failure: Error: GET /status/500 answered 500: 500 Internal Server Error",
    );
    expect(verdict.hint).toBe(2);
  });

  it("fails code that ignores its caller's signal, with how long after the abort it was still running", async () => {
    const verdict = await check(ignoresCaller, ctx.client);
    expect(verdict.observed).toMatch(
      /^the caller aborted at 200 ms, and \d+ ms later it had still not settled \(in the end it resolved with waited 1500 ms, waited 1500 ms\)/,
    );
    expect(verdict.hint).toBe(5);
  });
});
