import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchFromAny } from "./any.ts";
import { settledLog } from "../../src/server/settled.ts";

// After aborting a request on a warm pool, undici opens a spare connection
// that never carries a request, and the server cannot tell it from a leak
// (an idle-connection sweep only closes connections that served a request).
// The tests here check instead that every request ended; the server closes
// the spare connection when the file ends.
const ctx = useServer({ checkConnections: false });

describe("fetchFromAny: Promise.any over mirrors", () => {
  it("resolves with the first success, skipping a failure that came earlier", async () => {
    const body = await fetchFromAny(ctx.server.url, [
      "/status/503",
      "/delay/1500",
      "/delay/150",
    ]);
    expect(body).toBe("waited 150 ms\n");
  });

  it("aborts the slower mirrors once one has answered", async () => {
    const start = performance.now();
    await fetchFromAny(ctx.server.url, ["/delay/1500", "/delay/100"]);
    const ms = performance.now() - start;
    expect(ms, `resolved after ${ms} ms`).toBeLessThan(1000);
    const slow = (await settledLog(ctx.client)).find(
      (r) => r.path === "/delay/1500",
    );
    expect(slow?.outcome).toBe("aborted");
    expect(
      slow?.finishedAt,
      `/delay/1500 ended at ${slow?.finishedAt} ms`,
    ).toBeLessThan(1000);
  });

  it("rejects with an AggregateError holding every reason in input order when all fail", async () => {
    const rejection = await fetchFromAny(ctx.server.url, [
      "/status/502",
      "/status/500",
    ]).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(AggregateError);
    const reasons = (rejection as AggregateError).errors.map(String);
    expect(reasons).toEqual([
      "Error: GET /status/502 answered 502: 502 Bad Gateway",
      "Error: GET /status/500 answered 500: 500 Internal Server Error",
    ]);
  });
});
