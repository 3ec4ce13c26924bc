import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  mean,
  meanLatencyMs,
  TARGET_RATIO,
  verdict,
} from "../../src/cli/bench.ts";

const BENCH = fileURLToPath(new URL("../../src/cli/bench.ts", import.meta.url));

describe("the server benchmark's verdict", () => {
  const bare = { requestsPerSecond: 10_000, p99Ms: 4 };

  it("passes at the target ratio and says BELOW just under it", () => {
    const atTarget = { ...bare, requestsPerSecond: 10_000 * TARGET_RATIO };
    const under = { ...bare, requestsPerSecond: 10_000 * TARGET_RATIO - 1 };
    expect(verdict(bare, atTarget)).toBe(
      "ratio bundled/bare 0.85 (target >= 0.85): PASS",
    );
    expect(verdict(bare, under)).toMatch(/: BELOW$/);
  });

  it("averages each figure over the runs", () => {
    const other = { requestsPerSecond: 20_000, p99Ms: 8 };
    expect(mean([bare, other])).toEqual({
      requestsPerSecond: 15_000,
      p99Ms: 6,
    });
  });

  it("derives the mean latency from the connections kept busy", () => {
    // 10 connections answering 40,000 requests a second: 0.25 ms each.
    expect(meanLatencyMs(40_000, 10)).toBeCloseTo(0.25);
    expect(meanLatencyMs(100, 1)).toBeCloseTo(10);
  });
});

describe("npm run bench", () => {
  it("lists the available benchmarks when given an unknown name", () => {
    const run = spawnSync(process.execPath, [BENCH, "nope"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "Unknown benchmark 'nope'. Available: server, loadgen, keepalive.",
    );
  });
});
