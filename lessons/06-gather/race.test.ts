import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchWithin } from "./race.ts";
import { settledLog } from "../../src/server/settled.ts";

// After aborting a request on a warm pool, undici opens a spare connection
// that never carries a request, and the server cannot tell it from a leak
// (an idle-connection sweep only closes connections that served a request).
// The tests here check instead that every request ended; the server closes
// the spare connection when the file ends.
const ctx = useServer({ checkConnections: false });

const timers = () =>
  process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("fetchWithin: Promise.race between a request and a deadline", () => {
  it("resolves with the body when the request wins, and clears its timer", async () => {
    const before = timers();
    const body = await fetchWithin(ctx.server.url, "/delay/50", 60_000);
    expect(body).toBe("waited 50 ms\n");
    // A timer left behind would add one; the pool may have dropped one.
    expect(timers(), "active timers after the race").toBeLessThanOrEqual(
      before,
    );
  });

  it("rejects at the deadline when the request is slower, and aborts the request", async () => {
    const start = performance.now();
    await expect(
      fetchWithin(ctx.server.url, "/delay/1500", 300),
    ).rejects.toThrow("no answer from /delay/1500 within 300 ms");
    const ms = performance.now() - start;
    expect(ms, `rejected after ${ms} ms`).toBeGreaterThanOrEqual(300);
    expect(ms, `rejected after ${ms} ms`).toBeLessThan(1000);
    const [record] = await settledLog(ctx.client);
    expect(record?.outcome).toBe("aborted");
    expect(
      record?.finishedAt,
      `the server saw the request end at ${record?.finishedAt} ms`,
    ).toBeLessThan(1000);
  });

  it("rejects at once when the caller's signal aborts first", async () => {
    const caller = new AbortController();
    const pending = fetchWithin(ctx.server.url, "/delay/1500", 1000, {
      signal: caller.signal,
    });
    caller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    const log = await settledLog(ctx.client);
    expect(log.filter((r) => r.outcome === "ok")).toEqual([]);
  });
});
