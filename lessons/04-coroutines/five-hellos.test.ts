import { describe, expect, it } from "vitest";
import { hellosAwaited, hellosBlocking, sleepBlocking } from "./five-hellos.ts";

const WAIT_MS = 200;

describe("five hellos, as in the original Python tutorial", () => {
  it("a blocking sleep stops the thread: a timer due meanwhile runs only after it", async () => {
    const start = performance.now();
    let ranAfter = Number.NaN;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        ranAfter = performance.now() - start;
        resolve();
      }, 10),
    );
    sleepBlocking(WAIT_MS);
    await timer;
    expect(
      ranAfter,
      `the 10 ms timer ran after ${ranAfter} ms`,
    ).toBeGreaterThanOrEqual(WAIT_MS);
  });

  it("with a blocking sleep the hellos come one wait apart", () => {
    const after: number[] = [];
    hellosBlocking(5, WAIT_MS, (ms) => after.push(ms));
    expect(after).toHaveLength(5);
    after.forEach((ms, i) => {
      const due = (i + 1) * WAIT_MS;
      expect(ms, `hello ${i + 1} after ${ms} ms`).toBeGreaterThanOrEqual(due);
      expect(ms, `hello ${i + 1} after ${ms} ms`).toBeLessThan(
        due + WAIT_MS / 2,
      );
    });
  });

  it("with an awaited sleep all five come together, one wait after the start", async () => {
    const after: number[] = [];
    await hellosAwaited(5, WAIT_MS, (ms) => after.push(ms));
    expect(after).toHaveLength(5);
    const spread = Math.max(...after) - Math.min(...after);
    expect(spread, `the hellos came at ${after.join(", ")} ms`).toBeLessThan(
      WAIT_MS / 4,
    );
    expect(Math.min(...after)).toBeGreaterThanOrEqual(WAIT_MS - 1);
    expect(Math.max(...after)).toBeLessThan(WAIT_MS * 1.5);
  });

  it("stops the awaited hellos when the signal aborts", async () => {
    const after: number[] = [];
    const signal = AbortSignal.timeout(20);
    await expect(
      hellosAwaited(5, WAIT_MS, (ms) => after.push(ms), signal),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(after).toEqual([]);
  });
});
