import { describe, expect, it } from "vitest";
import { fetchConcurrently } from "../01-sync-vs-async/fetch-all.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { expectAllInFlightTogether } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { settledLog } from "../../src/server/settled.ts";

const ctx = useServer();

function finishedAt(record: RequestRecord): number {
  expect(record.finishedAt, `${record.path} never finished`).not.toBeNull();
  return record.finishedAt ?? Number.NaN;
}

describe("Promise.all over five requests", () => {
  // Gaps of 100 ms or more between the delays: finishing order is certain.
  const delays = [400, 150, 600, 50, 250];
  const paths = delays.map((ms) => `/delay/${ms}`);

  it("resolves with the bodies in input order although they finish in delay order", async () => {
    const bodies = await fetchConcurrently(ctx.server.url, paths);
    expect(bodies).toEqual(delays.map((ms) => `waited ${ms} ms\n`));
    const byFinish = ctx.server
      .stats()
      .requests.toSorted((a, b) => finishedAt(a) - finishedAt(b));
    expect(byFinish.map((r) => r.path)).toEqual(
      delays.toSorted((a, b) => a - b).map((ms) => `/delay/${ms}`),
    );
  });

  it("has all five in flight together: every one arrives before any finishes", async () => {
    await fetchConcurrently(ctx.server.url, paths);
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(delays.length);
    expectAllInFlightTogether(requests);
  });
});

describe("Promise.all when one request fails", () => {
  const slow = ["/delay/600", "/delay/900"];

  it("rejects with the failure at once while the other requests keep running to an ok finish", async () => {
    const start = performance.now();
    const rejection = await fetchConcurrently(ctx.server.url, [
      ...slow,
      "/status/500",
    ]).catch((error: unknown) => error);
    const rejectedAfter = performance.now() - start;
    expect(String(rejection)).toMatch(/GET \/status\/500 answered 500/);
    expect(
      rejectedAfter,
      `rejected after ${rejectedAfter} ms; the quickest sibling takes 600 ms`,
    ).toBeLessThan(400);
    // Nothing stops them: the server goes on to answer both in full.
    const log = await settledLog(ctx.client);
    for (const path of slow) {
      const record = log.find((r) => r.path === path);
      expect(record?.outcome, `${path} in the log`).toBe("ok");
      expect(
        record?.finishedAt,
        `${path} finished at ${record?.finishedAt} ms; Promise.all rejected after ${rejectedAfter} ms`,
      ).toBeGreaterThan(rejectedAfter + 100);
    }
  });
});
