import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchBlocking } from "./blocking.ts";
import { fetchPath } from "./fetch-path.ts";
import { useRemoteServer } from "./remote-server.ts";
import { watchTimer } from "./watch-timer.ts";

const WAIT_MS = 600;
const TICK_MS = 100;

describe("a blocking request to the server in this same process", () => {
  const local = useServer();

  it("cannot be answered: the server is frozen too, so it times out", () => {
    const blocked = () =>
      fetchBlocking(local.server.url, "/delay/0", { timeoutMs: 500 });
    expect(blocked).toThrow(/GET \/delay\/0 failed: ETIMEDOUT/);
  });
});

describe("blocking versus awaiting, witnessed by a 100 ms timer", () => {
  const remote = useRemoteServer();
  const url = () => remote().url;

  it("fetchBlocking returns the body and the server logs the request", async () => {
    expect(fetchBlocking(url(), "/delay/20")).toBe("waited 20 ms\n");
    const stats = await remote().stats();
    const paths = stats?.requests.map((r) => r.path);
    expect(paths?.filter((path) => !path.startsWith("/stats"))).toEqual([
      "/delay/20",
    ]);
  });

  it("fetchBlocking throws with the server's answer on a 4xx", () => {
    expect(() => fetchBlocking(url(), "/status/404")).toThrow(
      /GET \/status\/404 failed: 404: .+/,
    );
  });

  it("the timer cannot tick while execFileSync blocks the thread", async () => {
    const seen = await watchTimer(
      () => fetchBlocking(url(), `/delay/${WAIT_MS}`),
      TICK_MS,
    );
    expect(seen.value).toBe(`waited ${WAIT_MS} ms\n`);
    expect(seen.ms).toBeGreaterThanOrEqual(WAIT_MS);
    const report = `${seen.ticks} ticks in ${seen.ms} ms`;
    expect(seen.ticks, report).toBeLessThanOrEqual(1);
    expect(
      seen.longestSilenceMs,
      `longest silence ${seen.longestSilenceMs} ms in ${seen.ms} ms`,
    ).toBeGreaterThanOrEqual(WAIT_MS);
  });

  it("the timer keeps ticking while fetch is awaited", async () => {
    const seen = await watchTimer(
      () => fetchPath(url(), `/delay/${WAIT_MS}`),
      TICK_MS,
    );
    expect(seen.value).toBe(`waited ${WAIT_MS} ms\n`);
    // About six ticks are due; a busy machine may delay one or two.
    const report = `${seen.ticks} ticks in ${seen.ms} ms`;
    expect(seen.ticks, report).toBeGreaterThanOrEqual(3);
    expect(
      seen.longestSilenceMs,
      `longest silence ${seen.longestSilenceMs} ms in ${seen.ms} ms`,
    ).toBeLessThan(WAIT_MS / 2);
  });
});
