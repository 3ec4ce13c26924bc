import { describe, expect, test } from "vitest";
import { gaps, staircase, steps } from "./staircase.ts";

// Timing on a busy two-core machine: the figures are compared with each
// other, never with fixed durations, and with wide margins.
const ITERATIONS = 200_000;

describe("five pbkdf2 calls at once", () => {
  test("with a pool of one thread, they finish one after another", async () => {
    const finishes = await staircase({
      poolSize: 1,
      calls: 5,
      iterations: ITERATIONS,
    });
    expect(finishes).toHaveLength(5);
    const [first = 0, , , , last = 0] = finishes;
    // One at a time, the last ends about five calls' time after the start.
    expect(
      last / first,
      `finished at ${finishes.map(Math.round).join(", ")} ms`,
    ).toBeGreaterThan(2.5);
  });

  test("with a pool of five threads, none waits for a thread: they finish together", async () => {
    const finishes = await staircase({
      poolSize: 5,
      calls: 5,
      iterations: ITERATIONS,
    });
    const [first = 0, , , , last = 0] = finishes;
    expect(
      first / last,
      `finished at ${finishes.map(Math.round).join(", ")} ms`,
    ).toBeGreaterThan(0.4);
  });
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
