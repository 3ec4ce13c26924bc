// The benchmark's verdict (npm run bench -- keepalive), on made-up runs.
import { describe, expect, test } from "vitest";
import { verdict } from "../../src/cli/bench-keepalive.ts";
import type { ClientRun } from "./compare.ts";

function run(connections: number, maxRssMb: number, cpuPercent: number) {
  return {
    summary: { connections },
    maxRssMb,
    cpuPercent,
  } as unknown as ClientRun;
}

describe("the keep-alive benchmark's verdict", () => {
  test("passes less memory and less CPU at the full count", () => {
    const { lines, passed } = verdict(
      run(10_000, 70, 25),
      run(10_000, 80, 90),
      10_000,
    );
    expect(passed).toBe(true);
    expect(lines[0]).toBe(
      "ratio node/python: memory 0.88, CPU 0.28 (target: both below 1)",
    );
    expect(lines.at(-1)).toBe("PASS");
  });

  test("fails more memory, even with less CPU", () => {
    expect(
      verdict(run(10_000, 90, 25), run(10_000, 80, 90), 10_000).passed,
    ).toBe(false);
  });

  test("still compares when Python fell short, and says so", () => {
    const { lines, passed } = verdict(
      run(10_000, 70, 25),
      run(8000, 76, 95),
      10_000,
    );
    expect(passed).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(/^python reached only 8,000/),
    );
  });

  test("is no comparison when Node fell short", () => {
    const { lines, passed } = verdict(
      run(9000, 60, 20),
      run(10_000, 80, 90),
      10_000,
    );
    expect(passed).toBe(false);
    expect(lines).toContainEqual(
      expect.stringMatching(/^node reached only 9,000/),
    );
  });
});
