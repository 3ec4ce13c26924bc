import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { aboutSeconds, recordedWallTime } from "../../src/lib/room-check.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) {
    rmSync(folder, { recursive: true, force: true });
  }
});

function lessonWith(wallTimes: Record<string, number>): string {
  const lessonDir = join(
    mkdtempSync(join(tmpdir(), "room-check-")),
    "01-sync-vs-async",
  );
  folders.push(join(lessonDir, ".."));
  mkdirSync(join(lessonDir, "recorded"), { recursive: true });
  Object.entries(wallTimes).forEach(([run, wallMs], index) => {
    const recording = {
      lesson: "01-sync-vs-async",
      run,
      title: run,
      output: [],
      requests: [],
      wallMs,
      node: `v24.${index}.0`,
      recordedAt: `2026-01-0${index + 1}T10:00:00.000Z`,
    };
    writeFileSync(
      join(lessonDir, "recorded", `${run}.json`),
      JSON.stringify(recording),
    );
  });
  return lessonDir;
}

describe("recordedWallTime", () => {
  it("adds up the wall times of every recorded run of the lesson", () => {
    const lessonDir = lessonWith({ sequential: 2045.2, concurrent: 1019.9 });
    expect(recordedWallTime(lessonDir)).toEqual({
      runs: 2,
      totalMs: 2045.2 + 1019.9,
      node: "v24.1.0",
    });
  });
});

describe("aboutSeconds", () => {
  it("rounds to whole seconds, and says so below one", () => {
    expect(aboutSeconds(7312)).toBe("about 7 seconds");
    expect(aboutSeconds(1200)).toBe("about 1 second");
    expect(aboutSeconds(640)).toBe("under a second");
  });
});
