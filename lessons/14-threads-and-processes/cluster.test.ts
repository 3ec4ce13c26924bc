import { expect, test } from "vitest";
import { askCluster } from "./cluster.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("two worker processes take turns at the connections to one port, and stop with the primary", async () => {
  const report = await askCluster(2, 4);
  expect(new Set(report.pids).size).toBe(2);
  expect(report.pids).not.toContain(process.pid);
  expect(report.answeredBy.toSorted()).toEqual([0, 0, 1, 1]);
  for (const [i, by] of report.answeredBy.entries()) {
    if (i > 0) expect(by).not.toBe(report.answeredBy[i - 1]);
  }
  await expect.poll(() => report.pids.filter(alive)).toEqual([]);
});
