// The .cpuprofile reader: on a small profile made by hand, and on a real
// profile of programs/slow-report.ts.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { profileMs, selfTimes, type CpuProfile } from "./cpu-profile.ts";
import { runProgram } from "./run-program.ts";

const frame = (functionName: string, lineNumber: number) => ({
  functionName,
  url: "file:///app.js",
  lineNumber,
  columnNumber: 0,
});

// (root) -> main -> hot, and main -> cold; and a second "hot" node under
// another caller, which is the same function.
const HAND_MADE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", -1), children: [2, 5] },
    { id: 2, callFrame: frame("main", 0), children: [3, 4] },
    { id: 3, callFrame: frame("hot", 9) },
    { id: 4, callFrame: frame("", 19) },
    { id: 5, callFrame: frame("other", 29), children: [6] },
    { id: 6, callFrame: frame("hot", 9) },
  ],
  startTime: 1_000_000,
  endTime: 1_010_000,
  samples: [2, 3, 3, 4, 6, 3],
  // The samples at 0, 1, 3, 4, 6 and 8 ms; the last lasts to 10 ms.
  timeDeltas: [0, 1000, 2000, 1000, 2000, 2000],
};

describe("self time from a CPU profile", () => {
  it("adds each sample's time to the function running then, wherever it was called", () => {
    expect(profileMs(HAND_MADE)).toBe(10);
    // "other" called "hot" but never ran itself: no self time, no entry.
    expect(selfTimes(HAND_MADE)).toEqual([
      { name: "hot", url: "file:///app.js", line: 10, selfMs: 7 },
      { name: "(anonymous)", url: "file:///app.js", line: 20, selfMs: 2 },
      { name: "main", url: "file:///app.js", line: 1, selfMs: 1 },
    ]);
  });

  it("names a node the samples point at that the tree lacks", () => {
    expect(() => selfTimes({ ...HAND_MADE, samples: [9] })).toThrow(
      /no node 9/,
    );
  });
});

async function profileOf(mode: string) {
  const dir = await mkdtemp(join(tmpdir(), "cpu-prof-test-"));
  try {
    const exit = await runProgram("slow-report", [mode], {
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
    });
    expect(exit.code, exit.stderr.join("\n")).toBe(0);
    const [file = ""] = await readdir(dir);
    return JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the slow report under --cpu-prof", () => {
  it("spends most of its time in buildReport's lookup, and far less once indexed", async () => {
    const slow = selfTimes(await profileOf("slow"));
    const fixed = selfTimes(await profileOf("fixed"));
    const [top] = slow;
    expect(top?.name).toBe("buildReport");
    expect(top?.url).toMatch(/programs\/slow-report\.ts$/);
    const slowMs = top?.selfMs ?? 0;
    const fixedMs = fixed.find((t) => t.name === "buildReportFixed")?.selfMs;
    expect(fixedMs, `fixed ${fixedMs} ms, slow ${slowMs} ms`).toBeLessThan(
      slowMs / 2,
    );
  });
});
