import { describe, expect, it } from "vitest";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import * as batches from "./exercise/wrong/batches.ts";
import * as fromSend from "./exercise/wrong/from-send.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects every wrong solution for its reason; these tests pin
// down what a learner is told.
describe("the exercise check explains a failure", () => {
  it("passes the solution", async () => {
    const verdict = await check(solution, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
  });

  it("fails the stub, which starts every request at once, with the peak the server saw", async () => {
    const verdict = await check(task, ctx.client);
    const match =
      /^closedLoop\(48, 4\): peak (\d+) in flight, over the limit of 4/.exec(
        verdict.observed,
      );
    expect(match, verdict.observed).not.toBeNull();
    expect(Number(match?.[1]), verdict.observed).toBeGreaterThan(4);
    expect(verdict.hint).toBe(1);
  });

  it("tells batches by the requests that waited for the slow one", async () => {
    const verdict = await check(batches, ctx.client);
    expect(verdict.observed).toMatch(
      /while request 6 took 400 ms, only 0 other requests started; \d+ waited until it had finished, so it ran in batches/,
    );
  });

  it("tells coordinated omission by a queued request's latency against how late it went out", async () => {
    const verdict = await check(fromSend, ctx.client);
    const match =
      /request (\d+) was due at (\d+) ms but went out (\d+) ms late.*latenciesMs\[\d+\] says ([\d.]+) ms/.exec(
        verdict.observed,
      );
    expect(match, verdict.observed).not.toBeNull();
    // It waited behind the 300 ms request, and its latency hid that.
    expect(Number(match?.[3]), verdict.observed).toBeGreaterThan(100);
    expect(Number(match?.[4]), verdict.observed).toBeLessThan(
      Number(match?.[3]),
    );
  });
});

describe("each wrong solution gets the hint that answers it", () => {
  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    {
      "all-at-once.ts": 1,
      "sequential.ts": 2,
      "batches.ts": 3,
      "swallows-errors.ts": 4,
      "throws.ts": 4,
      "average.ts": 5,
      "same-index.ts": 6,
      "ignores-rate.ts": 7,
      "from-send.ts": 8,
      "stripes.ts": 3,
      "retries.ts": 4,
      "push-order.ts": 5,
      "from-creation.ts": 5,
      // Re-exporting the solution is not an attempt a hint could answer.
      "reexport.ts": undefined,
    },
    check,
    () => ctx.client,
  );
});
