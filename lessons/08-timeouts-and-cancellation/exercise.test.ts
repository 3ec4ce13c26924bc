// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects every wrong solution for its reason; these pin down the
// figures the check tells a learner whose code is wrong.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import * as deafWait from "./exercise/wrong/deaf-wait.ts";
import * as noJitter from "./exercise/wrong/no-jitter.ts";
import * as noWait from "./exercise/wrong/no-wait.ts";
import * as retries404 from "./exercise/wrong/retries-404.ts";

const ctx = useServer();

/** The waits a verdict reports, in milliseconds. */
function waits(observed: string): number[] {
  const listed = /the waits between attempts were ([^:]+):/.exec(observed);
  return (listed?.[1] ?? "").split(", ").map((ms) => Number.parseFloat(ms));
}

describe("the lesson 8 exercise check explains a failure", () => {
  it("tells the stub that the hanging attempt was never abandoned, with how long it was held", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /GET \/fault\/hang, was held [23]\.\d\d s: it should have been abandoned after 300 ms/,
    );
    expect(verdict.hint).toBe(1);
  });

  it("fails code that retries a 404, counting the requests it sent", async () => {
    const verdict = await check(retries404, ctx.client);
    expect(verdict.observed).toBe(
      "GET /status/404 was sent 4 time(s) with 4 attempts allowed; it should be sent 1 time(s), then give up",
    );
    expect(verdict.hint).toBe(3);
  });

  it("reads the waits from the server's log: none at all", async () => {
    const verdict = await check(noWait, ctx.client);
    expect(verdict.observed).toMatch(/: it retried at once, without waiting$/);
    const total = waits(verdict.observed).reduce((a, b) => a + b, 0);
    // The planned waits come to 350 ms; these to a few milliseconds.
    expect(total, verdict.observed).toBeLessThan(350 / 4);
  });

  it("does not take one run of short Math.random waits for no wait at all", async () => {
    // Code that ignores `plan.random` and, by Math.random's luck, draws small
    // shares in the check's first run of waits (about 1 run in 70).
    let runsOfWaits = 0;
    const unlucky = {
      fetchWithRetry: (
        urlFor: (attempt: number) => string,
        plan: solution.RetryPlan,
      ) => {
        const first = plan.baseDelayMs === 100 && runsOfWaits++ === 0;
        const random = first ? () => 0.01 : Math.random;
        return solution.fetchWithRetry(urlFor, { ...plan, random });
      },
    };
    const verdict = await check(unlucky, ctx.client);
    expect(verdict.observed).toMatch(/: it never called `plan.random`/);
    expect(runsOfWaits, verdict.observed).toBeGreaterThanOrEqual(2);
  });

  it("reads the waits from the server's log: the whole cap, doubling, with no jitter", async () => {
    const verdict = await check(noJitter, ctx.client);
    expect(verdict.observed).toMatch(/so there is no jitter/);
    const [first = 0, second = 0, third = 0] = waits(verdict.observed);
    // 100, 200 and 400 ms, each a little late, never early.
    expect(first, verdict.observed).toBeGreaterThanOrEqual(99);
    expect(second / first, verdict.observed).toBeCloseTo(2, 0);
    expect(third / second, verdict.observed).toBeCloseTo(2, 0);
    expect(verdict.hint).toBe(5);
  });

  it("passes the solution with the waits its seeded random asked for", async () => {
    const verdict = await check(solution, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
    const listed =
      /the waits were (.+) and then (.+), as `plan.random` said/.exec(
        verdict.observed,
      );
    const even = (listed?.[1] ?? "").split(", ").map(Number.parseFloat);
    const uneven = (listed?.[2] ?? "").split(", ").map(Number.parseFloat);
    const near = (got: number[], wanted: number[]) =>
      got.every(
        (ms, i) => ms >= (wanted[i] ?? 0) - 15 && ms < (wanted[i] ?? 0) + 150,
      );
    expect(near(even, [50, 100, 200]), verdict.observed).toBe(true);
    expect(near(uneven, [90, 20, 240, 240]), verdict.observed).toBe(true);
  });

  it("fails code whose wait between attempts does not listen to the abort", async () => {
    const verdict = await check(deafWait, ctx.client);
    expect(verdict.observed).toMatch(
      /aborted at 600 ms during a wait between attempts, it had not settled .+ later: pass `signal` to the wait/,
    );
    expect(verdict.hint).toBe(7);
  });
});
