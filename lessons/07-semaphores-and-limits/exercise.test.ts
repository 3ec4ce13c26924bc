import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution and fails the
// stub; these tests pin down what it tells a learner whose code is wrong.
describe("the exercise check explains a failure", () => {
  it("fails the stub, which ignores the limit, and names the peak it saw", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    const match =
      /^peak (\d+) in flight, over the limit of 4: it ignored the limit$/.exec(
        verdict.observed,
      );
    expect(match, verdict.observed).not.toBeNull();
    expect(Number(match?.[1]), verdict.observed).toBeGreaterThan(4);
  });

  it("fails code that runs one call at a time, with the barrier's reason", async () => {
    const oneAtATime = {
      async mapWithLimit<T, R>(
        items: readonly T[],
        _limit: number,
        fn: (item: T) => Promise<R>,
      ): Promise<R[]> {
        const results: R[] = [];
        for (const item of items) results.push(await fn(item));
        return results;
      },
    };
    const verdict = await check(oneAtATime, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^peak 1: the calls ran one after another/,
    );
    expect(verdict.details?.join("\n")).toMatch(/1 of 4 requests arrived/);
  });

  it("fails code that keeps the results in the order they finished", async () => {
    const finishOrder = {
      async mapWithLimit<T, R>(
        items: readonly T[],
        limit: number,
        fn: (item: T) => Promise<R>,
      ): Promise<R[]> {
        const results: R[] = [];
        const queue = [...items];
        const worker = async (): Promise<void> => {
          for (
            let item = queue.shift();
            item !== undefined;
            item = queue.shift()
          ) {
            results.push(await fn(item));
          }
        };
        await Promise.all(Array.from({ length: limit }, worker));
        return results;
      },
    };
    const verdict = await check(finishOrder, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.expected).toMatch(/in the order of the items/);
  });
});
