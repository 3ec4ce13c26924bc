import { describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { barrierPath } from "../../src/lib/observe.ts";
import { useServer } from "../../test/helpers/server.ts";
import { timesRequested } from "./test-support.ts";
import { handleWithPQueue } from "./with-p-queue.ts";

const ctx = useServer();

function handle(path: string, signal: AbortSignal): Promise<string> {
  return fetchPath(ctx.server.url, path, { signal });
}

describe("p-queue with concurrency 3 and a bound of 4", () => {
  it("keeps exactly 3 requests in flight, never more than 4 waiting, and sends each item once", async () => {
    // The first three meet at a barrier: the peak cannot fall short of 3.
    const barrier = barrierPath(3, 5000);
    const paths = Array.from({ length: 20 }, (_, i) =>
      i < 3 ? `${barrier}&item=${i + 1}` : `/delay/${i % 3}?item=${i + 1}`,
    );
    const sizes: number[] = [];
    const outcomes = await handleWithPQueue(paths, {
      concurrency: 3,
      bound: 4,
      handle,
      onSize: (size) => sizes.push(size),
    });
    expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true);
    expect(Math.max(...sizes)).toBe(4);
    const { peakInFlight, requests } = ctx.server.stats();
    expect(peakInFlight, `peak ${peakInFlight} in flight`).toBe(3);
    const seen = timesRequested(requests);
    expect(seen.size).toBe(20);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});
