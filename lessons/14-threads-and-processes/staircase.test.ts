import { describe, expect, test } from "vitest";
import { gaps, staircase, steps } from "./staircase.ts";

// Timing on a busy two-core machine: the figures are compared with each
// other, never with fixed durations, and with wide margins. The thread
// counts come from Linux's /proc (pool-threads.ts), so that test is skipped
// on other systems.
const ITERATIONS = 200_000;

describe("five pbkdf2 calls at once", () => {
  test("with a pool of one thread, they finish one after another", async () => {
    const { finished } = await staircase({
      poolSize: 1,
      calls: 5,
      iterations: ITERATIONS,
    });
    expect(finished).toHaveLength(5);
    const [first = 0, , , , last = 0] = finished;
    // One at a time, the last ends about five calls' time after the start.
    expect(
      last / first,
      `finished at ${finished.map(Math.round).join(", ")} ms`,
    ).toBeGreaterThan(2.5);
  });

  // When calls finish on two shared cores is up to the scheduler; which
  // threads were computing when the first call finished is not.
  test.skipIf(process.platform !== "linux")(
    "with fewer threads than calls some wait for one; with five, none waits",
    async () => {
      const computing = async (poolSize: number) =>
        (await staircase({ poolSize, calls: 5, iterations: ITERATIONS }))
          .computingAtFirstFinish;
      expect(await computing(1)).toBe(1);
      expect(await computing(4)).toBe(4);
      expect(await computing(5)).toBe(5);
    },
  );
});

describe("drawing the staircase", () => {
  test("gaps are the times between one finish and the next", () => {
    expect(gaps([100, 110, 300])).toEqual([10, 190]);
  });

  test("steps go up by one at each finish and stay flat in between", () => {
    expect(steps([100, 250])).toEqual([
      [0, 0],
      [100, 0],
      [100, 1],
      [250, 1],
      [250, 2],
    ]);
  });
});
