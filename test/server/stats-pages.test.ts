import { describe, expect, it } from "vitest";
import {
  LOG_BYTES,
  LOG_LIMIT,
  loggedTarget,
  RECORD_BYTES,
  Stats,
  TARGET_LIMIT,
} from "../../src/server/stats.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

describe("the log's bounds", () => {
  it("keeps a target of up to 256 characters whole, and cuts a longer one with a marker", () => {
    const exact = `/${"a".repeat(TARGET_LIMIT - 1)}`;
    expect(loggedTarget(exact)).toBe(exact);
    const long = `/${"b".repeat(999)}`;
    expect(loggedTarget(long)).toBe(
      `${long.slice(0, TARGET_LIMIT)} [+${1000 - TARGET_LIMIT} chars]`,
    );
  });

  it("drops the oldest records once their bytes pass the bound, however few they are", () => {
    const stats = new Stats();
    const connection = stats.connectionOpened();
    const target = `/${"c".repeat(5000)}`;
    const cost = RECORD_BYTES + 3 + loggedTarget(target).length;
    const fits = Math.floor(LOG_BYTES / cost);
    for (let i = 0; i < fits + 10; i++) stats.arrive(connection, "GET", target);
    const { requests, droppedRecords, totalRequests } = stats.snapshot();
    expect(fits).toBeLessThan(LOG_LIMIT);
    expect(requests).toHaveLength(fits);
    expect(droppedRecords).toBe(10);
    expect(requests[0]!.id).toBe(11);
    expect(totalRequests).toBe(fits + 10);
    expect(stats.logBytes()).toBeLessThanOrEqual(LOG_BYTES);
  });

  it("pages by id: the records after `since`, `limit` at most, and where the next page starts", () => {
    const stats = new Stats();
    const connection = stats.connectionOpened();
    for (let i = 0; i < LOG_LIMIT + 50; i++) {
      stats.finish(stats.arrive(connection, "GET", `/${i}`), "ok");
    }
    // Ids 1 to 50 were dropped: a page from before them starts at 51.
    const first = stats.page(0, 3);
    expect(first.records.map((r) => r.id)).toEqual([51, 52, 53]);
    expect(first.next).toBe(53);
    expect(stats.page(53, 2).records.map((r) => r.id)).toEqual([54, 55]);
    const last = stats.page(LOG_LIMIT + 48, 10);
    expect(last.records.map((r) => r.id)).toEqual([
      LOG_LIMIT + 49,
      LOG_LIMIT + 50,
    ]);
    expect(last.next).toBeNull();
    expect(stats.page(LOG_LIMIT + 50, 10).records).toEqual([]);
    expect(first.totals).toMatchObject({
      totalRequests: LOG_LIMIT + 50,
      droppedRecords: 50,
    });
  });

  it("pages hold copies of records in flight, and the log's own finished ones", () => {
    const stats = new Stats();
    const connection = stats.connectionOpened();
    const done = stats.arrive(connection, "GET", "/done");
    stats.finish(done, "ok");
    const open = stats.arrive(connection, "GET", "/open");
    const page = stats.page(0, 10);
    stats.finish(open, "aborted");
    expect(page.records[0]).toBe(done);
    expect(page.records[1]).toMatchObject({
      outcome: "in-flight",
      finishedAt: null,
    });
  });
});

describe("GET /stats", () => {
  async function page(query: string): Promise<ServerStats> {
    const response = await fetch(`${ctx.server.url}/stats${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as ServerStats;
  }

  it("answers the whole log by default, and a page with ?since=&limit=, totals always", async () => {
    for (let i = 0; i < 5; i++)
      await (await fetch(`${ctx.server.url}/delay/${i}`)).text();
    const all = await page("");
    expect(all.requests.map((r) => r.path)).toEqual([
      "/delay/0",
      "/delay/1",
      "/delay/2",
      "/delay/3",
      "/delay/4",
    ]);
    expect(all.next).toBeNull();
    const some = await page("?since=1&limit=2");
    expect(some.requests.map((r) => r.id)).toEqual([2, 3]);
    expect(some.next).toBe(3);
    expect(some).toMatchObject({
      totalRequests: 5,
      inFlight: 0,
      droppedRecords: 0,
    });
    const rest = await page(`?since=${some.next}`);
    expect(rest.requests.map((r) => r.id)).toEqual([4, 5]);
    const none = await page("?since=5");
    expect(none.requests).toEqual([]);
    expect(none.totalRequests).toBe(5);
  });

  it.each([
    ["?limit=0", "limit must be an integer from 1 to 10000, got '0'"],
    ["?limit=10001", "limit must be an integer from 1 to 10000, got '10001'"],
    ["?since=-1", "since must be an integer from 0 to"],
    ["?since=abc", "got 'abc'"],
    ["?since=", "got ''"],
  ])("answers %s with 400 and the reason", async (query, reason) => {
    const response = await fetch(`${ctx.server.url}/stats${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(reason);
  });

  it("answers HEAD with the same framing and no body", async () => {
    const response = await fetch(`${ctx.server.url}/stats`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(await response.text()).toBe("");
  });
});
