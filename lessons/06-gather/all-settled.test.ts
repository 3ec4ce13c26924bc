import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { describeResult, fetchSettled } from "./all-settled.ts";

const ctx = useServer();

describe("fetchSettled", () => {
  it("resolves with one result per path in input order, failures included", async () => {
    const paths = ["/delay/200", "/status/503", "/delay/100"];
    const results = await fetchSettled(ctx.server.url, paths);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(results.map(describeResult)).toEqual([
      "fulfilled: waited 200 ms",
      "rejected: Error: GET /status/503 answered 503: 503 Service Unavailable",
      "fulfilled: waited 100 ms",
    ]);
  });

  it("waits for the slowest request even after an early failure", async () => {
    const start = performance.now();
    await fetchSettled(ctx.server.url, ["/status/500", "/delay/300"]);
    const ms = performance.now() - start;
    expect(ms, `settled after ${ms} ms`).toBeGreaterThanOrEqual(300);
    const { requests } = ctx.server.stats();
    expect(requests.map((r) => r.outcome)).toEqual(["ok", "ok"]);
  });

  it("sends every request before the first answer comes back", async () => {
    await fetchSettled(ctx.server.url, ["/delay/300", "/delay/200"]);
    const { peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(2);
  });
});
