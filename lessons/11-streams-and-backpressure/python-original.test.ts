import { expect, test } from "vitest";
import { runPythonOriginal } from "./python-original.ts";

const MiB = 1024 * 1024;

test("the asyncio original keeps its transport's buffer under the high water mark plus one chunk", async () => {
  const report = await runPythonOriginal(64, 32 * MiB);
  if (report === null) {
    throw new Error("python3 is not installed; .ci/run installs it");
  }
  expect(report).toMatchObject({ low: 16 * 1024, high: 64 * 1024 });
  expect(report.peakBuffered).toBeLessThanOrEqual(report.high + 64 * 1024);
  expect(report.received).toBe(4 * MiB);
});
