import { expect, it } from "vitest";
import { sampleLoopDelay } from "./loop-delay.ts";

function blockFor(ms: number): number {
  const start = performance.now();
  while (performance.now() - start < ms);
  return performance.now() - start;
}

it("notes a block as the worst delay, in the first sample after it", async () => {
  // Times from 0: the same clock as `performance.now()`.
  const sampler = sampleLoopDelay(10, 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const blockedAt = performance.now();
  const blocked = blockFor(200);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const report = sampler.stop();
  expect(
    report.maxMs / blocked,
    `${report.maxMs} vs ${blocked}`,
  ).toBeGreaterThan(0.8);
  const worst = report.points.map(([, value]) => value);
  // Worst-so-far never falls, and it rose past the block's length only at
  // a sample taken after the block began.
  expect(worst).toEqual(worst.toSorted((a, b) => a - b));
  const first = report.points.find(([, value]) => value >= blocked * 0.8);
  expect(first?.[0] ?? -1).toBeGreaterThan(blockedAt - 1);
});
