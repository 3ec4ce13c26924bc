import { describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { asCompleted } from "./as-completed.ts";

const ctx = useServer();

/** Take every value `asCompleted` yields, while `onYield` sees each one. */
async function drain<T>(
  promises: Promise<T>[],
  onYield: (value: T) => void = () => undefined,
): Promise<T[]> {
  const seen: T[] = [];
  for await (const value of asCompleted(promises)) {
    seen.push(value);
    onYield(value);
  }
  return seen;
}

describe("asCompleted, driven by hand", () => {
  it("yields in the order the promises settle, not the order they were given", async () => {
    const [a, b, c] = [0, 1, 2].map(() => Promise.withResolvers<string>());
    if (a === undefined || b === undefined || c === undefined) return;
    // Each yielded value settles the next one, so the order is fixed by
    // the test and not by timing.
    const next: Record<string, () => void> = {
      b: () => a.resolve("a"),
      a: () => c.resolve("c"),
      c: () => undefined,
    };
    const seen = drain([a.promise, b.promise, c.promise], (v) => next[v]?.());
    b.resolve("b");
    expect(await seen).toEqual(["b", "a", "c"]);
  });

  it("yields values that settled before the loop started in settling order", async () => {
    const [a, b] = [0, 1].map(() => Promise.withResolvers<string>());
    if (a === undefined || b === undefined) return;
    const iterator = asCompleted([a.promise, b.promise]);
    b.resolve("b");
    a.resolve("a");
    const seen: string[] = [];
    for await (const value of iterator) seen.push(value);
    expect(seen).toEqual(["b", "a"]);
  });

  it("throws a rejection when its turn comes, after the values that settled before it", async () => {
    const [a, b, c] = [0, 1, 2].map(() => Promise.withResolvers<string>());
    if (a === undefined || b === undefined || c === undefined) return;
    const seen: string[] = [];
    const loop = (async () => {
      for await (const value of asCompleted([a.promise, b.promise, c.promise]))
        seen.push(value);
    })();
    c.resolve("c");
    b.reject(new Error("b failed"));
    await expect(loop).rejects.toThrow("b failed");
    expect(seen).toEqual(["c"]);
    // Settling the rest after the loop stopped reports nothing unhandled.
    a.reject(new Error("a failed too"));
  });
});

describe("asCompleted over real requests", () => {
  // Gaps of 200 ms between the delays: the finishing order is certain.
  const delays = [450, 50, 250];

  it("yields each body as its response finishes while all three are in flight", async () => {
    const start = performance.now();
    const arrivals: number[] = [];
    const bodies = await drain(
      delays.map((ms) => fetchPath(ctx.server.url, `/delay/${ms}`)),
      () => arrivals.push(performance.now() - start),
    );
    expect(bodies).toEqual([
      "waited 50 ms\n",
      "waited 250 ms\n",
      "waited 450 ms\n",
    ]);
    expect(ctx.server.stats().peakInFlight).toBe(3);
    // The first body is in long before the slowest one could be.
    const [first = Number.NaN] = arrivals;
    expect(first, `first body after ${first} ms`).toBeLessThan(300);
  });
});
