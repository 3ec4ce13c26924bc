// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these pin down what the check tells a learner whose code is wrong.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import type { RetryPlan } from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import { classifyFailure } from "./classify.ts";
import { getText } from "./get-text.ts";

const ctx = useServer();

interface Mistakes {
  retryAll?: boolean;
  ignoreLimit?: boolean;
  deafWait?: boolean;
}

/** A retry loop with a deadline per attempt, and one chosen mistake. */
function withMistake(mistakes: Mistakes) {
  return {
    async fetchWithRetry(urlFor: (n: number) => string, plan: RetryPlan) {
      const signal = plan.signal ?? new AbortController().signal;
      for (let attempt = 1; ; attempt++) {
        const deadline = AbortSignal.timeout(plan.timeoutMs);
        const attemptSignal = AbortSignal.any([signal, deadline]);
        try {
          return await getText(urlFor(attempt), { signal: attemptSignal });
        } catch (error) {
          const retryable =
            mistakes.retryAll || classifyFailure(error).retryable;
          const last = !mistakes.ignoreLimit && attempt >= plan.attempts;
          if (!retryable || last || signal.aborted) throw error;
        }
        // Half the cap, not a random share of it: the deaf wait must outlast
        // the check's abort every time, not only on an unlucky draw.
        const delayMs = (plan.baseDelayMs * 2 ** (attempt - 1)) / 2;
        await sleep(delayMs, undefined, mistakes.deafWait ? {} : { signal });
      }
    },
  };
}

describe("the lesson 8 exercise check explains a failure", () => {
  it("tells the stub that the hanging attempt was never abandoned, with how long it was held", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /GET \/fault\/hang, was held [23]\.\d\d s: it should have been abandoned after 300 ms/,
    );
  });

  it("fails code that retries a 404, counting the requests it sent", async () => {
    const verdict = await check(withMistake({ retryAll: true }), ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe(
      "GET /status/404 was sent 4 time(s) with 4 attempts allowed; it should be sent 1 time(s), then give up",
    );
  });

  it("fails code that ignores the limit on attempts", async () => {
    const verdict = await check(withMistake({ ignoreLimit: true }), ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^GET \/status\/503 was sent \d+ time\(s\) with 3 attempts allowed/,
    );
  });

  it("fails code whose wait between attempts does not listen to the abort", async () => {
    const verdict = await check(withMistake({ deafWait: true }), ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /aborted at 600 ms during a wait between attempts, it had not settled .+ later: pass `signal` to the wait/,
    );
  });
});
