import { Agent, get } from "node:http";
import { describe, expect, it } from "vitest";
import { LOG_LIMIT, Stats } from "../../src/server/stats.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

/** GET through a given node:http agent; resolves with the body. */
function getVia(agent: Agent, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(ctx.server.url + path, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

function finished(record: RequestRecord | undefined): number {
  if (record?.finishedAt == null)
    throw new Error(`unfinished: ${JSON.stringify(record)}`);
  return record.finishedAt;
}

describe("the request log", () => {
  it("shows sequential requests one after another, never overlapping", async () => {
    for (let i = 0; i < 3; i++)
      await (await fetch(`${ctx.server.url}/delay/50`)).text();
    const { requests, peakInFlight } = ctx.server.stats();
    expect(requests).toHaveLength(3);
    expect(peakInFlight).toBe(1);
    for (let i = 1; i < requests.length; i++) {
      expect(requests[i]!.arrivedAt).toBeGreaterThanOrEqual(
        finished(requests[i - 1]),
      );
    }
  });

  it("shows concurrent requests overlapping, with the peak equal to their number", async () => {
    await Promise.all(
      Array.from({ length: 5 }, async () =>
        (await fetch(`${ctx.server.url}/delay/300`)).text(),
      ),
    );
    const { requests, peakInFlight, inFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(5);
    expect(inFlight).toBe(0);
    const lastArrival = Math.max(...requests.map((r) => r.arrivedAt));
    const firstFinish = Math.min(...requests.map(finished));
    expect(
      lastArrival,
      "every request arrived before any finished",
    ).toBeLessThan(firstFinish);
    for (const record of requests) {
      expect(record).toMatchObject({
        method: "GET",
        path: "/delay/300",
        status: 200,
        outcome: "ok",
      });
      expect(record.firstByteAt! - record.arrivedAt).toBeGreaterThanOrEqual(
        295,
      );
    }
  });

  it("gives two requests on one keep-alive connection the same connection id", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await getVia(agent, "/delay/0");
      await getVia(agent, "/status/200");
    } finally {
      agent.destroy();
    }
    const { requests, totalConnections } = ctx.server.stats();
    expect(requests.map((r) => r.connectionId)).toEqual([
      requests[0]!.connectionId,
      requests[0]!.connectionId,
    ]);
    expect(totalConnections).toBe(1);
  });

  it("keeps open connections across a reset and clears everything else", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await getVia(agent, "/delay/0");
      ctx.server.resetStats();
      const stats = ctx.server.stats();
      expect(stats).toMatchObject({
        openConnections: 1,
        totalRequests: 0,
        totalConnections: 0,
      });
      expect(stats.requests).toEqual([]);
      await getVia(agent, "/delay/0");
      expect(ctx.server.stats().requests[0]).toMatchObject({ id: 1 });
    } finally {
      agent.destroy();
    }
  });

  it("does not count the requests and connections that read or reset the stats", async () => {
    await ctx.client.reset();
    await (await fetch(`${ctx.server.url}/delay/0`)).text();
    const stats = await ctx.client.stats();
    expect(stats.totalRequests).toBe(1);
    expect(stats.totalConnections).toBe(1);
    expect(stats.requests.map((r) => r.path)).toEqual(["/delay/0"]);
    // The fetch above may still hold its idle connection; the monitor's own
    // connection is not counted either way.
    expect(stats.openConnections).toBeLessThanOrEqual(1);
  });
});

describe("Stats", () => {
  it("bounds the log, dropping the oldest records and counting them", () => {
    const stats = new Stats();
    const connection = stats.connectionOpened();
    for (let i = 0; i < LOG_LIMIT + 5; i++)
      stats.arrive(connection, "GET", "/");
    const snapshot = stats.snapshot();
    expect(snapshot.requests).toHaveLength(LOG_LIMIT);
    expect(snapshot.droppedRecords).toBe(5);
    expect(snapshot.requests[0]!.id).toBe(6);
    expect(snapshot.totalRequests).toBe(LOG_LIMIT + 5);
  });

  it("counts a request that outlives a reset out of flight exactly once", () => {
    const stats = new Stats();
    const record = stats.arrive(stats.connectionOpened(), "GET", "/fault/hang");
    stats.reset();
    expect(stats.snapshot()).toMatchObject({ inFlight: 1, peakInFlight: 1 });
    stats.finish(record, "aborted");
    stats.finish(record, "ok");
    expect(stats.snapshot()).toMatchObject({ inFlight: 0, peakInFlight: 1 });
    expect(record.outcome).toBe("aborted");
  });
});
