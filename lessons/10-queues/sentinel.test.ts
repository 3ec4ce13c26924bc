import { describe, expect, it } from "vitest";
import { expectOneAfterAnother } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { produceAndConsume } from "./sentinel.ts";

const ctx = useServer();

describe("the original's producer and consumer, with a sentinel", () => {
  it("handles every item in order, stops at the sentinel, and overlaps making with handling", async () => {
    const handled = await produceAndConsume(ctx.server.url, 4, {
      produceMs: 30,
      consumeMs: 60,
    });
    expect(handled).toEqual([1, 2, 3, 4]);
    const { requests, peakInFlight } = ctx.server.stats();
    const made = requests.filter((r) => r.path.includes("make="));
    const items = requests.filter((r) => r.path.includes("item="));
    expect(made).toHaveLength(4);
    expect(items.map((r) => r.path)).toEqual([
      "/delay/60?item=1",
      "/delay/60?item=2",
      "/delay/60?item=3",
      "/delay/60?item=4",
    ]);
    // One consumer handles one item at a time...
    expectOneAfterAnother(items);
    // ...while the producer makes the next one.
    expect(peakInFlight, `peak ${peakInFlight}`).toBe(2);
  });
});
