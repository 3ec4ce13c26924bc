import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { rawExchange } from "./raw-http.ts";

const HEADERS_TIMEOUT_MS = 300;
const ctx = useServer({ headersTimeoutMs: HEADERS_TIMEOUT_MS });

describe("the server's headers timeout", () => {
  it("answers 408 and closes the connection of a client that never finishes its headers", async () => {
    // No blank line at the end: the headers never complete.
    const raw = await rawExchange(
      ctx.server.port,
      "GET /delay/0 HTTP/1.1\r\nHost: t\r\n",
    );
    expect(raw.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(
      raw.elapsedMs,
      `closed after ${raw.elapsedMs.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 5);
    expect(
      raw.elapsedMs,
      `closed after ${raw.elapsedMs.toFixed(0)} ms`,
    ).toBeLessThan(HEADERS_TIMEOUT_MS + 1500);
    // The request never arrived, so it is not in the log.
    expect(ctx.server.stats().totalRequests).toBe(0);
  });
});
