// The keep-alive client against the bundled server: what the server saw
// proves how it ran (connections, requests per connection, the ramp's pace,
// the pauses), for the lean client and for each of its savings turned off.
import { createServer } from "node:net";
import { describe, expect, test } from "vitest";
import { readTcpTable } from "../../src/lib/linux-proc.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { useServer } from "../../test/helpers/server.ts";
import {
  LEAN,
  NAIVE,
  pauseOfKeepalive,
  runKeepAlive,
  type Lean,
} from "./keepalive-client.ts";

const ctx = useServer();

/** The server's records, by connection, in order of arrival. */
function byConnection(requests: RequestRecord[]): RequestRecord[][] {
  const map = new Map<number, RequestRecord[]>();
  for (const r of requests) {
    map.set(r.connectionId, [...(map.get(r.connectionId) ?? []), r]);
  }
  return [...map.values()];
}

const VARIANTS: [string, Lean][] = [
  ["the lean client", LEAN],
  ["the naive client", NAIVE],
  ["with the request buffer only", { ...NAIVE, requestBuffer: true }],
  [
    "with the byte scanner",
    { ...NAIVE, requestBuffer: true, byteScanner: true },
  ],
  ["without the timer wheel", { ...LEAN, timerWheel: false }],
];

describe.each(VARIANTS)("%s", (_name, lean) => {
  test("holds every connection open and sends HEAD on each, pausing between", async () => {
    const result = await runKeepAlive({
      url: `${ctx.server.url}/`,
      connections: 200,
      rate: 2000,
      seconds: 1.2,
      pause: { minMs: 100, maxMs: 200, stepMs: 10 },
      lean,
    });
    const stats = ctx.server.stats();
    expect(result).toMatchObject({ started: 200, peak: 200, errors: 0 });
    expect(result.open, "still open when it stopped").toBe(200);
    expect(stats.totalConnections).toBe(200);
    expect(result.responses).toBeLessThanOrEqual(stats.totalRequests);
    const connections = byConnection(stats.requests);
    expect(connections).toHaveLength(200);
    const fewest = Math.min(...connections.map((c) => c.length));
    expect(
      fewest,
      "requests on the least used connection",
    ).toBeGreaterThanOrEqual(2);
    const gaps = connections.flatMap((c) =>
      c.slice(1).map((r, i) => r.arrivedAt - c[i]!.arrivedAt),
    );
    const shortest = Math.min(...gaps);
    // A pause is at least 100 ms; the wheel fires in 10 ms ticks.
    expect(shortest, `shortest gap ${shortest.toFixed(1)} ms`).toBeGreaterThan(
      85,
    );
    expect(stats.requests.every((r) => r.method === "HEAD")).toBe(true);
    await expect.poll(() => ctx.server.stats().openConnections).toBe(0);
  });
});

test("ramps up at its rate, not all at once", async () => {
  // 300 connections at 1000 a second: the last one opens after 290 ms.
  await runKeepAlive({
    url: `${ctx.server.url}/`,
    connections: 300,
    seconds: 0.6,
    pause: pauseOfKeepalive(4),
  });
  const firsts = byConnection(ctx.server.stats().requests).map(
    (c) => c[0]!.arrivedAt,
  );
  expect(firsts).toHaveLength(300);
  const spread = Math.max(...firsts) - Math.min(...firsts);
  expect(spread, `first requests spread over ${spread} ms`).toBeGreaterThan(
    250,
  );
  const early = firsts.filter((t) => t - Math.min(...firsts) < 50).length;
  expect(early, "connections in the first 50 ms").toBeLessThan(100);
});

test("counts a reset as an error and goes on with the other connections", async () => {
  const result = await runKeepAlive({
    url: `${ctx.server.url}/fault/reset`,
    connections: 20,
    rate: 2000,
    seconds: 0.5,
    pause: { minMs: 100, maxMs: 100, stepMs: 10 },
  });
  expect(result).toMatchObject({ started: 20, responses: 0, errors: 20 });
  expect(result.errorKinds).toEqual({ ECONNRESET: 20 });
});

test("counts a non-2xx answer as an error", async () => {
  const result = await runKeepAlive({
    url: `${ctx.server.url}/status/503`,
    connections: 5,
    seconds: 0.4,
    pause: { minMs: 100, maxMs: 100, stepMs: 10 },
  });
  expect(result.responses).toBe(0);
  expect(result.errorKinds["status 5xx"]).toBeGreaterThanOrEqual(5);
});

test("gives up on a response that does not come in time", async () => {
  const result = await runKeepAlive({
    url: `${ctx.server.url}/fault/hang`,
    connections: 3,
    seconds: 1.6,
    stepTimeoutMs: 200,
    pause: { minMs: 100, maxMs: 100, stepMs: 10 },
  });
  expect(result.errorKinds).toEqual({ "no response in time": 3 });
  await expect.poll(() => ctx.server.stats().openConnections).toBe(0);
});

test("counts a refused connection, and stops early when aborted", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const address = closed.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => closed.close(resolve));
  const started = performance.now();
  const result = await runKeepAlive({
    url: `http://127.0.0.1:${port}/`,
    connections: 10,
    seconds: 30,
    pause: pauseOfKeepalive(4),
    signal: AbortSignal.timeout(300),
  });
  const ms = performance.now() - started;
  expect(result.errorKinds).toEqual({ ECONNREFUSED: 10 });
  expect(ms, `stopped after ${ms.toFixed(0)} ms`).toBeLessThan(2000);
});

test("spreads its connections over the source addresses it is given", async () => {
  const seen = new Map<string, number>();
  const result = await runKeepAlive({
    url: `${ctx.server.url}/`,
    connections: 30,
    rate: 3000,
    seconds: 0.5,
    localAddresses: ["127.0.0.2", "127.0.0.3", "127.0.0.4"],
    pause: pauseOfKeepalive(4),
    reportMs: 200,
    onReport: () => {
      // The server's end of each connection names the client's address.
      for (const entry of readTcpTable() ?? []) {
        if (entry.localPort !== ctx.server.port) continue;
        if (entry.state !== "ESTABLISHED") continue;
        seen.set(entry.remoteAddress, (seen.get(entry.remoteAddress) ?? 0) + 1);
      }
    },
  });
  expect(result).toMatchObject({ peak: 30, errors: 0 });
  if (readTcpTable() === null) return; // No /proc here: nothing to look at.
  expect([...seen.keys()].sort()).toEqual([
    "127.0.0.2",
    "127.0.0.3",
    "127.0.0.4",
  ]);
});
