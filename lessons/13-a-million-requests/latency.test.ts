import { describe, expect, it } from "vitest";
import { latencyHistogram, recordMs, summarize } from "./latency.ts";

describe("latencies in an HDR histogram", () => {
  it("reads percentiles to within 0.1 % from a thousand latencies", () => {
    const histogram = latencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) recordMs(histogram, ms);
    const summary = summarize(histogram);
    expect(summary.p50Ms).toBeCloseTo(500, -0.3);
    expect(Math.abs(summary.p99Ms - 990) / 990).toBeLessThan(0.001);
    expect(Math.abs(summary.p999Ms - 999) / 999).toBeLessThan(0.001);
    expect(Math.abs(summary.maxMs - 1000) / 1000).toBeLessThan(0.001);
    expect(summary.meanMs).toBeCloseTo(500.5, 0);
  });

  it("keeps a single slow request in the tail, not in an average", () => {
    const histogram = latencyHistogram();
    for (let i = 0; i < 999; i++) recordMs(histogram, 2);
    recordMs(histogram, 500);
    const summary = summarize(histogram);
    expect(summary.p99Ms).toBeCloseTo(2, 1);
    expect(summary.maxMs).toBeCloseTo(500, -0.5);
    expect(histogram.totalCount).toBe(1000);
  });

  it("takes the same 93 KiB of counts for a million latencies as for one", () => {
    const histogram = latencyHistogram();
    const empty = histogram.estimatedFootprintInBytes;
    for (let i = 0; i < 1_000_000; i++)
      recordMs(histogram, 0.05 + (i % 5000) / 100);
    const full = histogram.estimatedFootprintInBytes;
    expect(full, `${full} bytes full, ${empty} empty`).toBe(empty);
    expect(full / 1024, `${full} bytes`).toBeGreaterThan(80);
    expect(full / 1024, `${full} bytes`).toBeLessThan(100);
  });

  it("records latencies under a microsecond as one microsecond", () => {
    const histogram = latencyHistogram();
    recordMs(histogram, 0.0001);
    expect(histogram.minNonZeroValue).toBe(1);
  });

  it("says 0 for every figure when nothing was recorded", () => {
    expect(summarize(latencyHistogram())).toEqual({
      p50Ms: 0,
      p90Ms: 0,
      p99Ms: 0,
      p999Ms: 0,
      maxMs: 0,
      meanMs: 0,
    });
  });
});
