import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import {
  discoverLessons,
  editDistance,
  isDraft,
  lessonFolders,
  resolveLesson,
} from "../../src/lib/lessons.ts";

const root = resolve(import.meta.dirname, "../fixtures/lessons");
const lessons = discoverLessons(root);

describe("discoverLessons", () => {
  test("finds the numbered folders in number order and skips the rest", () => {
    expect(lessons.map((l) => l.dir)).toEqual([
      "01-first-steps",
      "02-sync-vs-async",
      "09-nine-lives",
      "10-ten-thousand",
    ]);
    expect(lessons[1]).toMatchObject({
      number: 2,
      slug: "sync-vs-async",
      path: resolve(root, "02-sync-vs-async"),
    });
  });

  test("takes titles from the pages and falls back to the slug", () => {
    expect(lessons[1]?.title).toBe("Sync versus async");
    // Lesson 10's frontmatter is not valid YAML.
    expect(lessons[3]?.title).toBe("ten-thousand");
  });

  test("leaves out a draft, a folder without its page yet", () => {
    const folders = lessonFolders(root);
    expect(folders.map((l) => l.dir)).toContain("11-draft");
    expect(folders.filter(isDraft).map((l) => l.dir)).toEqual(["11-draft"]);
    expect(lessons.map((l) => l.dir)).not.toContain("11-draft");
  });

  test("finds nothing in a folder that does not exist", () => {
    expect(discoverLessons(resolve(root, "missing"))).toEqual([]);
  });
});

describe("resolveLesson", () => {
  test.each([
    ["2", "02-sync-vs-async"],
    ["02", "02-sync-vs-async"],
    ["10", "10-ten-thousand"],
    ["sync-vs-async", "02-sync-vs-async"],
    ["02-sync-vs-async", "02-sync-vs-async"],
    ["sync", "02-sync-vs-async"],
    ["Nine", "09-nine-lives"],
  ])("resolves %s to %s", (name, dir) => {
    expect(resolveLesson(lessons, name).dir).toBe(dir);
  });

  test("lists every lesson and suggests the closest for a typo", () => {
    expect(() => resolveLesson(lessons, "snyc")).toThrow(
      [
        'unknown lesson "snyc"; the lessons are:',
        "   1  first-steps    First steps",
        "   2  sync-vs-async  Sync versus async",
        "   9  nine-lives     Nine lives",
        "  10  ten-thousand   ten-thousand",
        'Did you mean "sync-vs-async"?',
      ].join("\n"),
    );
  });

  test("suggests nothing when no lesson is close", () => {
    expect(() => resolveLesson(lessons, "zzzzzz")).toThrow(
      /the lessons are:\n[\s\S]*ten-thousand$/,
    );
  });

  test("rejects a number no lesson has", () => {
    expect(() => resolveLesson(lessons, "7")).toThrow('unknown lesson "7"');
  });

  test("rejects a prefix that several lessons share, naming them", () => {
    expect(() => resolveLesson(lessons, "0")).toThrow(
      /"0" could mean more than one lesson:\n.*first-steps.*\n.*sync-vs-async.*\n.*nine-lives.*$/,
    );
  });
});

describe("editDistance", () => {
  test("counts insertions, deletions, substitutions and swaps", () => {
    expect(editDistance("sync", "sync")).toBe(0);
    expect(editDistance("snyc", "sync")).toBe(1);
    expect(editDistance("syn", "sync")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});
