import { Piscina } from "piscina";
import { describe, expect, test } from "vitest";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { useServer } from "../../test/helpers/server.ts";
import { check, peakOverlap } from "./exercise/check.ts";
import type { PoolOptions } from "./exercise/solution.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the stub
// and rejects every wrong solution; these pin down the rest.
describe("the exercise check", () => {
  test("passes a pool built on piscina, the library way", async () => {
    const withPiscina = {
      async runInPool(
        task: URL,
        inputs: readonly unknown[],
        { size, signal }: PoolOptions,
      ): Promise<PromiseSettledResult<unknown>[]> {
        const pool = new Piscina({
          filename: task.href,
          minThreads: size,
          maxThreads: size,
        });
        try {
          const options = signal ? { signal } : {};
          const results = await Promise.allSettled(
            inputs.map((input) => pool.run(input, options)),
          );
          // piscina rejects an aborted task with its own error; the caller
          // wants the signal's reason.
          signal?.throwIfAborted();
          return results;
        } finally {
          await pool.destroy();
        }
      },
    };
    const verdict = await check(withPiscina);
    expect(verdict.passed, verdict.observed).toBe(true);
  });

  test("counts overlap from start and end times; touching is not overlap", () => {
    const at = (start: number, end: number) => ({
      id: 0,
      threadId: 1,
      start,
      end,
      cpuMs: 0,
    });
    expect(peakOverlap([at(0, 10), at(10, 20)])).toBe(1);
    expect(peakOverlap([at(0, 10), at(5, 20), at(6, 7)])).toBe(3);
    expect(peakOverlap([])).toBe(0);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    {
      "all-or-nothing.ts": 2,
      "batches.ts": 8,
      "completion-order.ts": 5,
      "fixed-shares.ts": 8,
      "ignores-abort.ts": 4,
      "main-thread.ts": 6,
      "never-terminates.ts": 3,
      "single-worker.ts": 1,
      "swallows-error.ts": 2,
      "worker-per-task.ts": 7,
      "worker-per-task-bounded.ts": 7,
    },
    check,
    () => ctx.client,
  );
});
