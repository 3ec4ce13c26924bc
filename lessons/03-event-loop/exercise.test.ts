import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

/** Is `n` a prime? Trial division, as in the exercise. */
function isPrime(n: number): boolean {
  for (let divisor = 2; divisor * divisor <= n; divisor++) {
    if (n % divisor === 0) return false;
  }
  return n >= 2;
}

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects each wrong solution for its mistake; these tests pin
// down how it explains the stub's failure, and that it is not stricter than
// the lesson.
describe("the exercise check", () => {
  it("fails the stub: no request was answered while it ran, because it never paused", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(false);
    expect(verdict.observed).toMatch(/0 requests were answered while it ran/);
    expect(verdict.observed).toMatch(/so it never paused/);
    expect(verdict.hint).toBe(1);
  });

  it("accepts a job that pauses with setTimeout(0) instead of an immediate", async () => {
    // A timer also hands the thread back to the loop; it costs a little
    // more per pause, which slices of a few milliseconds easily afford.
    const timerPauses = {
      async countPrimes(limit: number): Promise<number> {
        let count = 0;
        let sliceStart = performance.now();
        for (let n = 2; n < limit; n++) {
          if (isPrime(n)) count += 1;
          if (performance.now() - sliceStart >= 5) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            sliceStart = performance.now();
          }
        }
        return count;
      },
    };
    const verdict = await check(timerPauses, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
  });
});
