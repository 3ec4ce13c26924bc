import { describe, expect, it } from "vitest";
import {
  markLesson,
  nextLesson,
  parseDoneLessons,
} from "../../src/lib/done-lessons.ts";

describe("done lessons", () => {
  it("marks lessons done and not done, keeping the list sorted", () => {
    let stored = markLesson(null, "02-b", true);
    stored = markLesson(stored, "01-a", true);
    expect(JSON.parse(stored)).toEqual(["01-a", "02-b"]);
    stored = markLesson(stored, "02-b", false);
    expect([...parseDoneLessons(stored)]).toEqual(["01-a"]);
  });

  it("treats a missing, broken or foreign value as nothing done", () => {
    expect(parseDoneLessons(null).size).toBe(0);
    expect(parseDoneLessons("{not json").size).toBe(0);
    expect(parseDoneLessons('{"01-a": true}').size).toBe(0);
    expect([...parseDoneLessons('["01-a", 3, null]')]).toEqual(["01-a"]);
  });
});

describe("nextLesson", () => {
  const order = ["01-a", "02-b", "03-c"];

  it("is the first lesson not done, in course order", () => {
    expect(nextLesson(order, new Set())).toBe("01-a");
    expect(nextLesson(order, new Set(["01-a", "03-c"]))).toBe("02-b");
  });

  it("is undefined once every lesson is done", () => {
    expect(nextLesson(order, new Set(order))).toBeUndefined();
  });
});
