// libuv's thread pool, seen from outside: with its four threads held, the
// asynchronous fs, dns.lookup, crypto and zlib calls wait; with three held,
// they do not. (Vitest runs each test file in its own process, with the
// default pool size.)
import { describe, expect, it } from "vitest";
import { holdThePool, POOL_CALLS } from "./thread-pool.ts";

const ALL = Object.keys(POOL_CALLS).sort();
const HOLD_MS = 200;

describe.skipIf(process.platform === "win32")("libuv's thread pool", () => {
  it("has four threads: with three held, every pool call still finishes", async () => {
    const report = await holdThePool(3, HOLD_MS);
    expect(report.finishedWhileHeld).toEqual(ALL);
  });

  it("with all four held, no pool call finishes, though timers keep running", async () => {
    const report = await holdThePool(4, HOLD_MS);
    expect(report.finishedWhileHeld).toEqual([]);
    // About twenty ticks are due; a busy machine may delay some.
    expect(report.ticks, `${report.ticks} ticks`).toBeGreaterThanOrEqual(5);
    expect(report.finishedAfterRelease).toEqual(ALL);
  });
});
