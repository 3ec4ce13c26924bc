// The one progress record that `npm run verify`, the local runner and the
// static site's export and import share.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgress, saveProgress } from "../../src/lib/progress.ts";
import {
  hintsUsed,
  markDone,
  parseProgress,
  recordForExport,
  recordHint,
  recordVerdict,
  type Progress,
} from "../../src/lib/runner-progress.ts";

const now = new Date("2026-01-02T03:04:05.000Z");

describe("the shared progress record", () => {
  it("still reads a file written before it kept done lessons and hints", () => {
    const folder = mkdtempSync(join(tmpdir(), "progress-old-"));
    try {
      const file = join(folder, "progress.json");
      const old = {
        lessons: {
          "01-a": {
            failures: 2,
            passed: false,
            lastVerifiedAt: now.toISOString(),
          },
        },
      };
      writeFileSync(file, JSON.stringify(old));
      const loaded = loadProgress(file);
      expect(loaded.problem).toBeUndefined();
      expect(loaded.progress).toEqual(old);
      expect(hintsUsed(loaded.progress.lessons["01-a"])).toBe(2);
      const marked = markDone(loaded.progress, "01-a", true);
      saveProgress(marked, file);
      expect(loadProgress(file).progress).toEqual({ ...old, done: ["01-a"] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("marks lessons done and not done, sorted, keeping the checks", () => {
    let progress: Progress = recordVerdict({ lessons: {} }, "02-b", true, now);
    progress = markDone(progress, "03-c", true);
    progress = markDone(progress, "01-a", true);
    progress = markDone(progress, "03-c", false);
    expect(progress.done).toEqual(["01-a"]);
    expect(progress.lessons["02-b"]?.passed).toBe(true);
  });

  it("keeps the hints seen across verdicts, each once", () => {
    let progress = recordVerdict({ lessons: {} }, "01-a", false, now);
    progress = recordHint(progress, "01-a", 1);
    progress = recordVerdict(progress, "01-a", false, now);
    progress = recordHint(progress, "01-a", 2);
    progress = recordHint(progress, "01-a", 1);
    progress = recordVerdict(progress, "01-a", true, now);
    expect(progress.lessons["01-a"]).toMatchObject({
      failures: 0,
      passed: true,
      hintsSeen: [1, 2],
    });
    expect(hintsUsed(progress.lessons["01-a"])).toBe(2);
    expect(progress.done).toBeUndefined();
  });

  it("refuses a file that is not a progress record, saying why", () => {
    expect(parseProgress("{")).toMatchObject({
      problem: expect.stringMatching(/^not valid JSON/),
    });
    for (const text of [
      "[]",
      '{"lessons":[]}',
      '{"lessons":{},"done":[1]}',
      '{"lessons":{"01-a":{"failures":1,"passed":false,"lastVerifiedAt":"x","hintsSeen":[0]}}}',
    ]) {
      expect(parseProgress(text), text).toEqual({
        problem: "not workshop progress",
      });
    }
  });

  it("exports the static site's ticks over the record imported last", () => {
    const imported = recordVerdict({ lessons: {} }, "02-b", true, now);
    const exported = recordForExport(
      JSON.stringify({ ...imported, done: ["09-old"] }),
      new Set(["03-c", "01-a"]),
    );
    expect(exported).toEqual({ ...imported, done: ["01-a", "03-c"] });
    expect(parseProgress(JSON.stringify(exported))).toEqual({
      progress: exported,
    });
    expect(recordForExport(null, new Set())).toEqual({ lessons: {}, done: [] });
    expect(recordForExport("not json", new Set(["01-a"]))).toEqual({
      lessons: {},
      done: ["01-a"],
    });
  });
});
