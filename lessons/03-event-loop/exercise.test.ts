import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these tests pin down how it explains a failure.
describe("the exercise check", () => {
  it("fails the stub and says no request was answered while it ran", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(false);
    expect(verdict.observed).toMatch(/0 requests were answered while it ran/);
  });

  it("fails a job that only awaits resolved promises: microtasks keep the loop out", async () => {
    // The solution's shape, pausing with a microtask instead of an immediate.
    const microtaskPauses = {
      async countPrimes(limit: number): Promise<number> {
        let count = 0;
        let sliceStart = performance.now();
        for (let n = 2; n < limit; n++) {
          let prime = n >= 2;
          for (let d = 2; d * d <= n && prime; d++) prime = n % d !== 0;
          if (prime) count += 1;
          if (performance.now() - sliceStart >= 5) {
            await Promise.resolve();
            sliceStart = performance.now();
          }
        }
        return count;
      },
    };
    const verdict = await check(microtaskPauses, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(false);
    expect(verdict.observed).toMatch(/0 requests were answered while it ran/);
  });
});
