import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { activeTimers, timed, until } from "./test-support.ts";
import { getWithTimeout, headersWithin, whyStopped } from "./timeouts.ts";

const ctx = useServer();

/** Wait for the server to see every request end, then report its stats. */
function settledStats() {
  return until(
    () => ctx.server.stats(),
    (stats) => stats.inFlight === 0 && stats.openConnections === 0,
  );
}

describe("getWithTimeout", () => {
  it("resolves with the body when the answer comes before the deadline", async () => {
    const body = await getWithTimeout(`${ctx.server.url}/delay/20`, 2000);
    expect(body).toBe("waited 20 ms\n");
  });

  it("abandons a hanging request at its deadline with a TimeoutError, and the server sees the socket close", async () => {
    const deadlineMs = 200;
    const { error, ms } = await timed(
      getWithTimeout(`${ctx.server.url}/fault/hang`, deadlineMs),
    );
    expect(whyStopped(error), String(error)).toBe("timeout");
    expect(ms, `gave up after ${ms} ms`).toBeGreaterThanOrEqual(
      deadlineMs * 0.9,
    );
    expect(ms, `gave up after ${ms} ms`).toBeLessThan(deadlineMs * 4);
    const stats = await settledStats();
    expect(stats.requests.map((r) => r.outcome)).toEqual(["aborted"]);
    expect(stats.openConnections, "connections left open").toBe(0);
  });

  it("rejects with the caller's AbortError when the caller cancels before the deadline", async () => {
    const caller = new AbortController();
    const pending = timed(
      getWithTimeout(`${ctx.server.url}/fault/hang`, 5000, caller.signal),
    );
    // Cancel once the server has the request, not after a guessed delay.
    await until(
      () => ctx.server.stats().inFlight,
      (n) => n === 1,
    );
    caller.abort();
    const { error, ms } = await pending;
    expect(whyStopped(error), String(error)).toBe("cancelled");
    expect(ms, `cancelled after ${ms} ms`).toBeLessThan(2500);
    const stats = await settledStats();
    expect(stats.requests.map((r) => r.outcome)).toEqual(["aborted"]);
    expect(stats.openConnections, "connections left open").toBe(0);
  });
});

describe("whyStopped", () => {
  it("tells a timeout from a cancel and from any other error", () => {
    const timeout = new DOMException("late", "TimeoutError");
    const cancel = new DOMException("stop", "AbortError");
    expect(whyStopped(timeout)).toBe("timeout");
    expect(whyStopped(cancel)).toBe("cancelled");
    expect(whyStopped(new TypeError("fetch failed"))).toBeNull();
    expect(whyStopped("not an error")).toBeNull();
  });
});

describe("headersWithin", () => {
  it("rejects with a TimeoutError naming the deadline when the headers are too slow", async () => {
    const path = "/fault/slow-headers?ms=200&lines=5";
    const { error, ms } = await timed(
      headersWithin(`${ctx.server.url}${path}`, 150),
    );
    expect(error).toMatchObject({
      name: "TimeoutError",
      message: "no headers after 150 ms",
    });
    expect(ms, `gave up after ${ms} ms`).toBeLessThan(900);
    expect((await settledStats()).openConnections).toBe(0);
  });

  it("lets the body take longer than the deadline once the headers are in", async () => {
    // Headers at once, then four chunks 100 ms apart: about 300 ms of body.
    const path = "/drip?chunks=4&interval=100&size=8";
    const start = performance.now();
    const response = await headersWithin(`${ctx.server.url}${path}`, 150);
    const body = await response.text();
    const ms = performance.now() - start;
    expect(body).toHaveLength(32);
    expect(ms, `the whole response took ${ms} ms`).toBeGreaterThan(150);
  });

  it("clears its timer as soon as the headers arrive", async () => {
    const before = activeTimers();
    const response = await headersWithin(`${ctx.server.url}/delay/0`, 60_000);
    await response.text();
    // The server's own timer for /delay/0 may take a moment to go.
    const after = await until(activeTimers, (n) => n <= before);
    expect(
      after,
      `${before} timers before, ${after} after`,
    ).toBeLessThanOrEqual(before);
  });
});
