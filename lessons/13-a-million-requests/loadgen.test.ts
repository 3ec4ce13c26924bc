import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { barrierPath } from "../../src/lib/observe.ts";
import { useServer } from "../../test/helpers/server.ts";
import { requestBytes, runLoad } from "./loadgen.ts";

const ctx = useServer();

/** A port on which nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

describe("the load generator", () => {
  it("writes one request of the smallest form HTTP/1.1 allows", () => {
    const bytes = requestBytes(
      new URL("http://127.0.0.1:8080/delay/0?x=1"),
      "GET",
    );
    expect(bytes.toString()).toBe(
      "GET /delay/0?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
    );
  });

  it("keeps exactly one request in flight per connection: a barrier of C answers every round", async () => {
    const connections = 20;
    const requests = 30 * connections;
    const path = barrierPath(connections, 5000);
    const report = await runLoad({
      url: `${ctx.server.url}${path}`,
      connections,
      requests,
    });
    const stats = ctx.server.stats();
    expect(report).toMatchObject({
      requests,
      errors: 0,
      non2xx: 0,
      peakInFlight: connections,
    });
    // The server saw every request, never more than C at once, and never
    // fewer: a barrier of C answers only when C wait together.
    expect(stats.totalRequests).toBe(requests);
    expect(stats.peakInFlight).toBe(connections);
    // Keep-alive: one connection per slot carried all of its requests.
    expect(stats.totalConnections).toBe(connections);
    expect(report.histogram.totalCount).toBe(requests);
  });

  it("stops by itself after its duration, and closes every connection", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/delay/1`,
      connections: 4,
      durationMs: 400,
    });
    expect(report.errors).toBe(0);
    expect(report.requests).toBeGreaterThan(0);
    expect(report.seconds, `${report.seconds} s`).toBeGreaterThanOrEqual(0.35);
    expect(report.seconds, `${report.seconds} s`).toBeLessThan(2);
    expect(ctx.server.stats().totalRequests).toBe(report.requests);
  });

  it("sends at the rate it is given in the open loop, not as fast as it can", async () => {
    const rate = 200;
    const requests = 60;
    const report = await runLoad({
      url: `${ctx.server.url}/delay/0`,
      connections: 4,
      requests,
      rate,
    });
    expect(report).toMatchObject({ mode: "open", requests, errors: 0 });
    const arrivals = ctx.server.stats().requests.map((r) => r.arrivedAt);
    const spanMs = Math.max(...arrivals) - Math.min(...arrivals);
    // 59 gaps of 5 ms: the last request is due 295 ms after the first.
    const dueSpanMs = ((requests - 1) * 1000) / rate;
    expect(spanMs, `arrivals spread over ${spanMs} ms`).toBeGreaterThan(
      dueSpanMs * 0.9,
    );
    expect(spanMs, `arrivals spread over ${spanMs} ms`).toBeLessThan(
      dueSpanMs + 500,
    );
  });

  it("counts answers that are not 2xx apart from requests that got none", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/status/503`,
      connections: 3,
      requests: 30,
    });
    expect(report).toMatchObject({ requests: 30, non2xx: 30, errors: 0 });
  });

  it("counts a reset connection as an error instead of throwing", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/fault/reset`,
      connections: 2,
      requests: 6,
    });
    expect(report).toMatchObject({ requests: 0, errors: 6 });
    expect(ctx.server.stats().totalRequests).toBe(6);
  });

  it("counts a refused connection as an error, and does not hammer the port", async () => {
    const port = await closedPort();
    const started = performance.now();
    const report = await runLoad({
      url: `http://127.0.0.1:${port}/`,
      connections: 1,
      requests: 3,
    });
    const ms = performance.now() - started;
    expect(report).toMatchObject({ requests: 0, errors: 3 });
    // It waits 100 ms after a connection that carried nothing.
    expect(ms, `${Math.round(ms)} ms`).toBeGreaterThanOrEqual(190);
  });

  it("gives up on a request unanswered for its timeout and goes on", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/fault/hang`,
      connections: 2,
      requests: 2,
      timeoutMs: 200,
      tickMs: 20,
    });
    expect(report).toMatchObject({ requests: 0, errors: 2 });
  });

  it("sends HEAD and reads answers that have a length but no body", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/bytes/100000`,
      method: "HEAD",
      connections: 2,
      requests: 20,
    });
    expect(report).toMatchObject({ requests: 20, errors: 0, non2xx: 0 });
    expect(ctx.server.stats().requests.every((r) => r.method === "HEAD")).toBe(
      true,
    );
  });

  it("reads chunked and streamed bodies to their end", async () => {
    const report = await runLoad({
      url: `${ctx.server.url}/chunked?parts=5&size=3000`,
      connections: 2,
      requests: 10,
    });
    expect(report).toMatchObject({ requests: 10, errors: 0, non2xx: 0 });
  });

  it("stops at once when aborted, with what it had measured", async () => {
    const controller = new AbortController();
    const running = runLoad({
      url: `${ctx.server.url}/delay/1000`,
      connections: 5,
      requests: 100,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const report = await running;
    expect(performance.now() - started).toBeLessThan(900);
    expect(report).toMatchObject({ aborted: true, requests: 0 });
  });
});
