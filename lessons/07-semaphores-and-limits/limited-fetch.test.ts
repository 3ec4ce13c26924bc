import { describe, expect, it } from "vitest";
import { barrierPath } from "../../src/lib/observe.ts";
import { useServer } from "../../test/helpers/server.ts";
import { fetchWithPLimit, fetchWithSemaphore } from "./limited-fetch.ts";
import { fetchWithPool } from "./pooled-fetch.ts";

const ctx = useServer();

const TASKS = 100;
const LIMIT = 10;
const DELAY_MS = 50;

/**
 * The first `LIMIT` paths go to a barrier that answers only once `LIMIT`
 * requests wait together, so the peak cannot fall short of the limit by
 * chance; the rest are short delays.
 */
function pathsFor(limit: number, tasks: number): string[] {
  const barrier = barrierPath(limit, 5000);
  return Array.from({ length: tasks }, (_, i) =>
    i < limit ? barrier : `/delay/${DELAY_MS}`,
  );
}

async function timed<T>(work: () => Promise<T>) {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

const limiters = [
  { name: "a Semaphore", fetchAll: fetchWithSemaphore },
  { name: "p-limit", fetchAll: fetchWithPLimit },
  { name: "an http.Agent pool", fetchAll: fetchWithPool },
];

describe.each(limiters)(
  "$name over 100 tasks with a limit of 10",
  ({ fetchAll }) => {
    it("keeps exactly 10 requests in flight at the peak, and answers all 100", async () => {
      const { value, ms } = await timed(() =>
        fetchAll(ctx.server.url, pathsFor(LIMIT, TASKS), LIMIT),
      );
      expect(value).toHaveLength(TASKS);
      expect(value[0]).toBe(`released ${LIMIT} together\n`);
      expect(value[TASKS - 1]).toBe(`waited ${DELAY_MS} ms\n`);
      const { peakInFlight, totalRequests } = ctx.server.stats();
      expect(peakInFlight, `peak ${peakInFlight} in flight`).toBe(LIMIT);
      expect(totalRequests).toBe(TASKS);
      // 90 delays, 10 at a time, cannot take less than 9 rounds of 50 ms.
      const floor = ((TASKS - LIMIT) / LIMIT) * DELAY_MS;
      expect(ms, `took ${ms} ms`).toBeGreaterThanOrEqual(floor);
    });
  },
);

describe("a connection pool", () => {
  it("a pool of 5 carries 30 requests over exactly 5 connections", async () => {
    await fetchWithPool(ctx.server.url, pathsFor(5, 30), 5);
    const { totalConnections, peakInFlight, requests } = ctx.server.stats();
    expect(peakInFlight, `peak ${peakInFlight} in flight`).toBe(5);
    expect(totalConnections, `${totalConnections} connections`).toBe(5);
    const used = new Set(requests.map((r) => r.connectionId));
    expect(used.size).toBe(5);
  });
});

describe("errors and aborts behind a semaphore", () => {
  it("a failed request gives its permit back: the tasks behind it still run", async () => {
    const paths = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? "/status/500" : "/delay/10",
    );
    await expect(fetchWithSemaphore(ctx.server.url, paths, 2)).rejects.toThrow(
      /answered 500/,
    );
    // Promise.all rejected at the first failure; the rest keep going.
    await expect
      .poll(
        () =>
          ctx.server.stats().requests.filter((r) => r.finishedAt !== null)
            .length,
      )
      .toBe(12);
    expect(ctx.server.stats().peakInFlight).toBeLessThanOrEqual(2);
  });

  it("aborting stops the running requests and drops the waiting ones unsent", async () => {
    const controller = new AbortController();
    const pending = fetchWithSemaphore(
      ctx.server.url,
      ["/fault/hang", "/fault/hang", "/delay/10", "/delay/10"],
      2,
      { signal: controller.signal },
    );
    await expect.poll(() => ctx.server.stats().inFlight).toBe(2);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await expect.poll(() => ctx.server.stats().inFlight).toBe(0);
    const paths = ctx.server.stats().requests.map((r) => r.path);
    expect(paths).toEqual(["/fault/hang", "/fault/hang"]);
  });
});
