import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchAllOrAbort } from "./all-or-abort.ts";
import { settledLog } from "../../src/server/settled.ts";

// After an abort, fetch may open a spare connection that never carries a
// request; a short headers timeout lets the server close it, as it would
// for any silent client, before the leak check looks.
const ctx = useServer({ headersTimeoutMs: 300 });

const SLOW = ["/delay/1500", "/delay/2000"];

describe("fetchAllOrAbort: Promise.all that stops the batch on a failure", () => {
  it("resolves with every body in input order while all of them overlap", async () => {
    const delays = [300, 50, 150];
    const bodies = await fetchAllOrAbort(
      ctx.server.url,
      delays.map((ms) => `/delay/${ms}`),
    );
    expect(bodies).toEqual(delays.map((ms) => `waited ${ms} ms\n`));
    expect(ctx.server.stats().peakInFlight).toBe(delays.length);
  });

  it("rejects with the first failure at once and the slow siblings end aborted in the server's log", async () => {
    const start = performance.now();
    const rejection = await fetchAllOrAbort(ctx.server.url, [
      ...SLOW,
      // Late enough that both slow requests have reached the server.
      "/status/500?after=100",
    ]).catch((error: unknown) => error);
    const rejectedAfter = performance.now() - start;
    expect(String(rejection)).toMatch(
      /GET \/status\/500\?after=100 answered 500/,
    );
    expect(
      rejectedAfter,
      `rejected after ${rejectedAfter} ms; the quickest sibling takes 1500 ms`,
    ).toBeLessThan(1000);
    const log = await settledLog(ctx.client);
    for (const path of SLOW) {
      const record = log.find((r) => r.path === path);
      expect(record?.outcome, `${path} in the server's log`).toBe("aborted");
      expect(
        record?.finishedAt,
        `${path} ended at ${record?.finishedAt} ms, it takes ${path.slice(7)} ms in full`,
      ).toBeLessThan(1000);
    }
  });

  it("aborts every request of the batch when the caller's signal aborts", async () => {
    const caller = new AbortController();
    const batch = fetchAllOrAbort(ctx.server.url, SLOW, {
      signal: caller.signal,
    });
    // Abort once the server has both requests, not after a guessed sleep.
    while (ctx.server.stats().inFlight < SLOW.length) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    caller.abort();
    await expect(batch).rejects.toThrow(/abort/i);
    const log = await settledLog(ctx.client);
    expect(log.map((r) => r.outcome)).toEqual(["aborted", "aborted"]);
  });
});
