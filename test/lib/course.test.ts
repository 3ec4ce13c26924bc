import { describe, expect, it } from "vitest";
import {
  buildSchedule,
  formatClock,
  lessonHref,
  lessonNumber,
  lessonSlug,
  neighbours,
  orderLessons,
  parseClock,
  totalMinutes,
  usesComponent,
  type LessonLike,
} from "../../src/lib/course.ts";

function lesson(id: string, order: number, minutes = 30): LessonLike {
  return { id, data: { order, minutes, title: id } };
}

const one = lesson("01-sync-vs-async", 1, 25);
const two = lesson("02-callbacks-and-sockets", 2, 40);
const three = lesson("03-event-loop", 3, 35);

describe("lesson names", () => {
  it("splits a folder name into the lesson number and the URL slug", () => {
    expect(lessonNumber("01-sync-vs-async")).toBe(1);
    expect(lessonSlug("01-sync-vs-async")).toBe("sync-vs-async");
    expect(lessonHref("12-ten-thousand")).toBe("/lessons/ten-thousand/");
  });

  it("refuses a folder without a numeric prefix", () => {
    expect(() => lessonSlug("sync-vs-async")).toThrow(/NN-slug/);
  });
});

describe("orderLessons", () => {
  it("sorts lessons by their order", () => {
    expect(orderLessons([three, one, two]).map((l) => l.id)).toEqual([
      one.id,
      two.id,
      three.id,
    ]);
  });

  it("fails when the frontmatter order disagrees with the folder prefix", () => {
    expect(() => orderLessons([lesson("02-x", 3)])).toThrow(
      "lesson 02-x: frontmatter order 3 does not match the folder prefix 2",
    );
  });

  it("fails when two folders share a number or a slug", () => {
    expect(() => orderLessons([lesson("01-a", 1), lesson("1-b", 1)])).toThrow(
      /share number 1/,
    );
    expect(() => orderLessons([lesson("01-a", 1), lesson("02-a", 2)])).toThrow(
      /share slug "a"/,
    );
  });
});

describe("neighbours", () => {
  it("gives the previous and next lesson, and nothing past either end", () => {
    const ordered = [one, two, three];
    expect(neighbours(ordered, two.id)).toEqual({ previous: one, next: three });
    expect(neighbours(ordered, one.id).previous).toBeUndefined();
    expect(neighbours(ordered, three.id).next).toBeUndefined();
  });
});

describe("schedule", () => {
  it("adds up the workshop minutes", () => {
    expect(totalMinutes([one, two, three])).toBe(100);
  });

  it("formats and parses clock times", () => {
    expect(formatClock(545)).toBe("09:05");
    expect(formatClock(1440 + 61)).toBe("01:01");
    expect(parseClock("13:30")).toBe(810);
    expect(() => parseClock("25:00")).toThrow(/not a clock time/);
  });

  it("runs a clock through the lessons with breaks between groups", () => {
    const slots = buildSchedule([one, two, three], {
      start: "09:00",
      breakEvery: 2,
      breakMinutes: 15,
    });
    expect(
      slots.map((slot) => [
        slot.item.kind === "lesson" ? slot.item.lesson.id : "break",
        slot.starts,
        slot.ends,
      ]),
    ).toEqual([
      [one.id, "09:00", "09:25"],
      [two.id, "09:25", "10:05"],
      ["break", "10:05", "10:20"],
      [three.id, "10:20", "10:55"],
    ]);
  });

  it("puts no break after the last lesson", () => {
    const slots = buildSchedule([one, two], {
      start: "09:00",
      breakEvery: 2,
      breakMinutes: 15,
    });
    expect(slots.at(-1)?.item.kind).toBe("lesson");
  });
});

describe("usesComponent", () => {
  it("finds a component the page's MDX uses, and not one with a longer name", () => {
    expect(usesComponent("Intro\n\n<RunIt />\n", "RunIt")).toBe(true);
    expect(usesComponent("<RunIt>text</RunIt>", "RunIt")).toBe(true);
    expect(usesComponent("<RunItLater />", "RunIt")).toBe(false);
    expect(usesComponent(undefined, "RunIt")).toBe(false);
  });
});
