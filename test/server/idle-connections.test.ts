// Thousands of idle keep-alive connections cost the server nothing per
// request: none is refused, and /delay/0 answers as fast as before. (The
// ten-thousand-connections lesson runs 10,000 in a benchmark; a test keeps
// to a number that opens in a couple of seconds.)
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { LISTEN_BACKLOG } from "../../src/server/index.ts";
import { useServer } from "../helpers/server.ts";
import { Wire } from "./wire.ts";

const ctx = useServer();
const WANTED = 2000;
const BURST = 500;
const SAMPLES = 40;

let wires: Wire[] = [];
afterEach(() => {
  for (const wire of wires) wire.destroy();
  wires = [];
});

/** This process's open-file limit on Linux, or undefined elsewhere. */
function fileLimit(): number | undefined {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

// Client and server share this process: two descriptors per connection.
const limit = fileLimit();
const COUNT =
  limit === undefined
    ? WANTED
    : Math.min(WANTED, Math.floor((limit - 256) / 2));

/** Median milliseconds of `SAMPLES` sequential /delay/0 on one connection. */
async function medianLatency(wire: Wire): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    wire.request("GET", "/delay/0");
    await wire.response();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The lowest of three medians: another program's use of the CPU, or a
 * collection, only ever adds time, so the lowest is the server's own. */
async function bestMedian(wire: Wire): Promise<number> {
  const medians: number[] = [];
  for (let i = 0; i < 3; i++) medians.push(await medianLatency(wire));
  return Math.min(...medians);
}

describe("thousands of idle keep-alive connections", () => {
  it("listens with a generous backlog", () => {
    expect(LISTEN_BACKLOG).toBeGreaterThanOrEqual(511);
  });

  it(`holds ${COUNT} of them without refusing any or slowing /delay/0 by more than a few ms`, async () => {
    expect(
      COUNT,
      `this process may open ${limit} files`,
    ).toBeGreaterThanOrEqual(1000);
    const probe = await Wire.open(ctx.server.port);
    wires.push(probe);
    await medianLatency(probe); // warm up
    const before = await bestMedian(probe);

    const started = performance.now();
    for (let opened = 0; opened < COUNT; opened += BURST) {
      const burst = await Promise.all(
        Array.from({ length: Math.min(BURST, COUNT - opened) }, async () => {
          const wire = await Wire.open(ctx.server.port);
          wires.push(wire);
          // One request each, as a keep-alive client sends: then idle.
          wire.request("HEAD", "/");
          const response = await wire.response("HEAD");
          expect(response.headers.connection).toBe("keep-alive");
          return wire;
        }),
      );
      expect(burst.every((wire) => !wire.closed)).toBe(true);
    }
    const openingMs = performance.now() - started;
    expect(
      openingMs,
      `opened ${COUNT} in ${openingMs.toFixed(0)} ms`,
    ).toBeLessThan(10_000);
    expect(ctx.server.stats().openConnections).toBe(COUNT + 1);

    const after = await bestMedian(probe);
    const message =
      `/delay/0 median ${before.toFixed(2)} ms alone, ` +
      `${after.toFixed(2)} ms beside ${COUNT} idle connections`;
    console.info(message);
    expect(after - before, message).toBeLessThan(3);
    expect(
      wires.every((wire) => !wire.closed),
      "none was closed",
    ).toBe(true);
  }, 30_000);
});
