import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import type { HttpResponse } from "./http-get.ts";
import { afterLoopTurn, firstCallback } from "./test-support.ts";
import { getTwoAtOnce } from "./two-at-once.ts";

const ctx = useServer();

const both = (first: string, second: string) =>
  firstCallback<[HttpResponse, HttpResponse]>((callback) =>
    getTwoAtOnce(
      `${ctx.server.url}${first}`,
      `${ctx.server.url}${second}`,
      callback,
    ),
  );

describe("getTwoAtOnce", () => {
  it("has /bar and /foo in flight together, so both take about one second", async () => {
    const start = performance.now();
    const { err, value } = await both("/bar", "/foo");
    const ms = performance.now() - start;

    expect(err).toBeNull();
    expect(value?.map((r) => r.body.toString())).toEqual(["bar", "foo"]);
    expect(ms, `both took ${ms.toFixed(0)} ms`).toBeGreaterThan(950);
    expect(ms, `both took ${ms.toFixed(0)} ms`).toBeLessThan(1700);
    const stats = ctx.server.stats();
    expect(stats.peakInFlight).toBe(2);
    const [a, b] = stats.requests;
    // Each arrived before the other finished: the two overlap in the log.
    expect(b?.arrivedAt).toBeLessThan(a?.finishedAt ?? 0);
    expect(a?.arrivedAt).toBeLessThan(b?.finishedAt ?? 0);
  });

  it("gets past a barrier that answers only when both requests wait at once", async () => {
    const barrier = `/barrier/2?key=${randomUUID()}&timeout=2000`;
    const { value } = await both(barrier, barrier);
    expect(value?.map((r) => r.status)).toEqual([200, 200]);
  });

  it("keeps the order of the URLs, not the order the answers came in", async () => {
    const { value } = await both("/delay/200", "/delay/20");
    expect(value?.map((r) => r.body.toString().trim())).toEqual([
      "waited 200 ms",
      "waited 20 ms",
    ]);
  });

  it("calls back once with the first error and closes the other request", async () => {
    const outcome = await both("/fault/hang", "/fault/reset");
    expect(outcome.err).toMatchObject({ code: "ECONNRESET" });
    await afterLoopTurn();
    expect(outcome.calls()).toBe(1);
    // The hanging request ends only because its socket was closed: the
    // afterEach check fails if it is still in flight.
  });
});
