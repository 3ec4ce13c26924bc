// Nothing a client leaves hanging lasts for ever: a response nobody
// answers or reads, an idle echo connection. The limits are shortened here
// (the defaults are printed by GET / and described in lifetimes.ts).
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type BundledServer } from "../../src/server/index.ts";
import { closed, connected, nonReaders } from "./clients.ts";
import { waitFor } from "./wait-for.ts";
import { Wire } from "./wire.ts";

const INACTIVITY_MS = 400;
const STALL_MS = 300;
const ECHO_IDLE_MS = 300;
// The watchdog looks every quarter of the shortest limit.
const SLACK_MS = 1500;

let server: BundledServer;
beforeAll(async () => {
  server = await startServer({
    inactivityTimeoutMs: INACTIVITY_MS,
    stallTimeoutMs: STALL_MS,
    echoIdleTimeoutMs: ECHO_IDLE_MS,
  });
});
afterAll(() => server.close());

function within(elapsed: number, least: number): void {
  const message = `after ${elapsed.toFixed(0)} ms (limit ${least} ms)`;
  expect(elapsed, message).toBeGreaterThanOrEqual(least - 5);
  expect(elapsed, message).toBeLessThan(least + SLACK_MS);
}

describe("bounded lifetimes", () => {
  it("cuts /fault/hang once nothing has moved for the inactivity limit, even as a keep-alive connection's second request", async () => {
    server.resetStats();
    const wire = await Wire.open(server.port);
    try {
      wire.request("GET", "/delay/0");
      await wire.response();
      const started = performance.now();
      wire.request("GET", "/fault/hang");
      await wire.closedByServer();
      within(performance.now() - started, INACTIVITY_MS);
      await waitFor(
        "the hang to be logged as cut",
        () => server.stats().requests[1]?.outcome,
        (outcome) => outcome === "aborted",
      );
    } finally {
      wire.destroy();
    }
  });

  it("keeps a slow response alive as long as bytes keep moving", async () => {
    // Five chunks 200 ms apart: a whole second, longer than the limit, but
    // never silent for as long as it.
    const started = performance.now();
    const response = await fetch(
      `${server.url}/drip?chunks=5&interval=200&size=1`,
    );
    expect(await response.text()).toBe("abcde");
    const elapsed = performance.now() - started;
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeGreaterThan(
      INACTIVITY_MS,
    );
  });

  it("drops a client that stops reading once its unsent bytes have waited for the stall limit", async () => {
    server.resetStats();
    const [socket] = await nonReaders(
      server.port,
      "GET /bytes/67108864 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      1,
    );
    try {
      await waitFor(
        "the server to buffer for the reader",
        () => server.bufferedBytes(),
        (bytes) => bytes > 0,
        5000,
      );
      const started = performance.now();
      await waitFor(
        "the server to drop the reader",
        () => server.bufferedBytes(),
        (bytes) => bytes === 0,
        STALL_MS + SLACK_MS,
      );
      within(performance.now() - started, STALL_MS);
      expect(server.stats().requests[0]?.outcome).toBe("aborted");
    } finally {
      socket?.destroy();
    }
  });

  it("closes an idle echo connection, and not a busy one", async () => {
    const idle = await connected(server.echoPort);
    const started = performance.now();
    idle.on("error", () => {});
    idle.resume();
    const busy = connect(server.echoPort, "127.0.0.1");
    busy.on("error", () => {});
    let echoed = 0;
    busy.on("data", (chunk: Buffer) => (echoed += chunk.length));
    const timer = setInterval(() => busy.write("x"), 100);
    try {
      await closed(idle);
      within(performance.now() - started, ECHO_IDLE_MS);
      expect(busy.closed).toBe(false);
      expect(echoed).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
      busy.destroy();
    }
  });

  it("says so on GET /, with the limits it was started with", async () => {
    const list = await (await fetch(`${server.url}/`)).text();
    const text = list.replace(/\s+/g, " ");
    for (const line of list.split("\n")) {
      expect(line.length, line).toBeLessThanOrEqual(79);
    }
    expect(text).toContain(`nothing moves for ${INACTIVITY_MS} ms`);
    expect(text).toContain(`have waited for ${STALL_MS} ms`);
    expect(text).toContain(
      `idle echo connection closes after ${ECHO_IDLE_MS} ms`,
    );
    expect(text).toContain("idle keep-alive connection closes after 60 s");
  });
});
