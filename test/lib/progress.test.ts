import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  hintLevel,
  loadProgress,
  recordVerdict,
  resetLesson,
  saveProgress,
  type Progress,
} from "../../src/lib/progress.ts";

const folders: string[] = [];
function progressFile(): string {
  const folder = mkdtempSync(join(tmpdir(), "progress-"));
  folders.push(folder);
  return join(folder, ".workshop", "progress.json");
}
afterEach(() => {
  for (const folder of folders.splice(0)) {
    rmSync(folder, { recursive: true, force: true });
  }
});

const now = new Date("2025-01-02T03:04:05.000Z");

describe("recordVerdict", () => {
  test("counts failures in a row and resets the count on a pass", () => {
    let progress: Progress = { lessons: {} };
    progress = recordVerdict(progress, "01-a", false, now);
    progress = recordVerdict(progress, "01-a", false, now);
    expect(progress).toEqual({
      lessons: {
        "01-a": {
          failures: 2,
          passed: false,
          lastVerifiedAt: "2025-01-02T03:04:05.000Z",
        },
      },
    });
    progress = recordVerdict(progress, "01-a", true, now);
    expect(progress.lessons["01-a"]).toMatchObject({
      failures: 0,
      passed: true,
    });
  });

  test("remembers a pass after later failures", () => {
    let progress = recordVerdict({ lessons: {} }, "01-a", true, now);
    progress = recordVerdict(progress, "01-a", false, now);
    expect(progress.lessons["01-a"]).toMatchObject({
      failures: 1,
      passed: true,
    });
  });

  test("keeps the other lessons as they were", () => {
    const before = recordVerdict({ lessons: {} }, "01-a", false, now);
    const after = recordVerdict(before, "02-b", true, now);
    expect(after.lessons["01-a"]).toEqual(before.lessons["01-a"]);
  });
});

describe("resetLesson", () => {
  test("forgets one lesson only", () => {
    let progress = recordVerdict({ lessons: {} }, "01-a", false, now);
    progress = recordVerdict(progress, "02-b", false, now);
    expect(Object.keys(resetLesson(progress, "01-a").lessons)).toEqual([
      "02-b",
    ]);
  });
});

describe("hintLevel", () => {
  test("shows one more hint per failure and stays on the last", () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => hintLevel(n, 3))).toEqual([
      0, 1, 2, 3, 3, 3,
    ]);
  });
});

describe("loadProgress and saveProgress", () => {
  test("start afresh when there is no file", () => {
    expect(loadProgress(progressFile())).toEqual({ progress: { lessons: {} } });
  });

  test("create the folder and read back what was saved", () => {
    const file = progressFile();
    const progress = recordVerdict({ lessons: {} }, "01-a", false, now);
    saveProgress(progress, file);
    expect(loadProgress(file)).toEqual({ progress });
  });

  test("report a file that is not JSON and replace it on save", () => {
    const file = progressFile();
    saveProgress({ lessons: {} }, file);
    writeFileSync(file, "{ not json");
    const loaded = loadProgress(file);
    expect(loaded.progress).toEqual({ lessons: {} });
    expect(loaded.problem).toMatch(/is not valid JSON .*; starting afresh$/);
    saveProgress(loaded.progress, file);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ lessons: {} });
  });

  test("report JSON that is not progress", () => {
    const file = progressFile();
    saveProgress({ lessons: {} }, file);
    writeFileSync(
      file,
      JSON.stringify({ lessons: { "01-a": { failures: -1 } } }),
    );
    expect(loadProgress(file).problem).toMatch(
      /does not look like workshop progress/,
    );
  });
});
