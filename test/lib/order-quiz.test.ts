import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readRecordedRun } from "../../src/lib/recordings.ts";
import { discoverLessons } from "../../src/lib/lessons.ts";
import {
  announce,
  belongsText,
  buildQuiz,
  gradeOrder,
  labelOf,
  longestInOrder,
  matchReasons,
  moveLine,
  parseSavedOrder,
  quizKeyAction,
  seededShuffle,
  selectLines,
  targetPlace,
  type OrderQuizSpec,
} from "../../src/lib/order-quiz.ts";
import { findOrderQuizzes } from "../../src/lib/order-quiz-build.ts";

const OUTPUT = [
  "queued inside an I/O callback:",
  "  1. synchronous code",
  "  2. process.nextTick",
  "  3. promise.then",
  "  4. setTimeout 0",
  "two timers due together:",
  "  1. timer 1",
  "  2. timer 1: nextTick",
  "  3. timer 2",
];

const REASONS = {
  "synchronous code": "a callback runs to its end first",
  nextTick: "the nextTick queue is emptied first",
  "promise.then": "then the microtasks",
  setTimeout: "timers wait for the next turn",
};

describe("selectLines", () => {
  test("takes the lines indented under a section's heading", () => {
    expect(
      selectLines(OUTPUT, { run: "r", section: "two timers due together:" }),
    ).toEqual(["  1. timer 1", "  2. timer 1: nextTick", "  3. timer 2"]);
  });

  test("takes a 1-based, inclusive range of lines", () => {
    expect(selectLines(OUTPUT, { run: "r", lines: "2-4" })).toEqual(
      OUTPUT.slice(1, 4),
    );
  });

  test("names the run and the section when the heading is missing", () => {
    expect(() =>
      selectLines(OUTPUT, { run: "ordering", section: "no such heading" }),
    ).toThrow(/run "ordering".*no line\(s\) reading "no such heading"/);
  });

  test("refuses a range outside the output, and a blank line in it", () => {
    expect(() => selectLines(OUTPUT, { run: "r", lines: "8-12" })).toThrow(
      /within the 9 lines/,
    );
    expect(() =>
      selectLines(["a", "b", "", "c"], { run: "r", lines: "1-4" }),
    ).toThrow(/output line 3 is blank/);
  });

  test("refuses fewer than three lines", () => {
    expect(() => selectLines(OUTPUT, { run: "r", lines: "2-3" })).toThrow(
      /2 line\(s\) is too few/,
    );
  });
});

describe("labelOf", () => {
  test("drops the indentation and the run's own numbering", () => {
    expect(labelOf("  12. timer 1: nextTick")).toBe("timer 1: nextTick");
    expect(labelOf("  | second hello")).toBe("| second hello");
  });

  test("hides what the mask matches", () => {
    expect(labelOf("[io   ] B: 200 after 108 ms", " after [\\d.]+ m?s")).toBe(
      "[io   ] B: 200…",
    );
  });
});

describe("matchReasons", () => {
  test("prefers the key equal to the line, then the one key inside it", () => {
    expect(
      matchReasons(["timer 1", "timer 1: nextTick", "timer 2"], {
        "timer 1": "first due",
        "timer 1: nextTick": "between the timers",
        "timer 2": "second due",
      }),
    ).toEqual(["timer 1", "timer 1: nextTick", "timer 2"]);
    expect(
      matchReasons(["A: GET /delay/300", "B: GET /delay/100"], {
        "A: GET": "queued first",
        "B: GET": "queued second",
      }),
    ).toEqual(["A: GET", "B: GET"]);
  });

  test("names every line without a reason, in one error", () => {
    expect(() =>
      matchReasons(["one", "two", "three"], { one: "because" }, "quiz x"),
    ).toThrow(
      'quiz x: line "two" has no reason: add a key to reasons that is part ' +
        'of it; line "three" has no reason',
    );
  });

  test("refuses a line two keys match, a key no line has, an empty reason", () => {
    expect(() =>
      matchReasons(["timer 1: nextTick"], { timer: "a", nextTick: "b" }),
    ).toThrow(/matches more than one key of reasons: "timer", "nextTick"/);
    expect(() => matchReasons(["a"], { a: "x", zzz: "y" })).toThrow(
      /reason "zzz" matches no line/,
    );
    expect(() => matchReasons(["a"], { a: " " })).toThrow(
      /reason "a" is empty/,
    );
  });
});

describe("seededShuffle", () => {
  test("gives the same order for the same seed", () => {
    const labels = ["a", "b", "c", "d", "e", "f"];
    expect(seededShuffle(labels, "ordering")).toEqual(
      seededShuffle(labels, "ordering"),
    );
  });

  test("is never the answer, and moves at least half the lines", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 3, maxLength: 12 }),
        fc.string(),
        (labels, seed) => {
          const order = seededShuffle(labels, seed);
          expect([...order].sort((a, b) => a - b)).toEqual(
            labels.map((_, i) => i),
          );
          const moved = order.filter((line, place) => line !== place).length;
          expect(moved * 2).toBeGreaterThanOrEqual(labels.length);
        },
      ),
    );
  });

  test("never shows the answer when some lines read the same", () => {
    const labels = ["B: GET", "B: got", "B: GET", "B: got", "A: got"];
    for (const seed of ["generators", "x", "y", "z"]) {
      const order = seededShuffle(labels, seed);
      expect(order.map((line) => labels[line])).not.toEqual(labels);
    }
  });

  test("refuses lines that all read the same", () => {
    expect(() => seededShuffle(["hello", "hello", "hello"], "five")).toThrow(
      /every line reads the same/,
    );
  });
});

describe("buildQuiz", () => {
  const spec: OrderQuizSpec = {
    run: "ordering",
    section: "queued inside an I/O callback:",
    reasons: REASONS,
  };

  test("keeps the recorded order as the answer, each line with its reason", () => {
    const quiz = buildQuiz(OUTPUT, spec);
    expect(quiz.id).toBe("quiz-ordering-queued-inside-an-i-o-callback");
    expect(quiz.answer.map((line) => [line.label, line.reason])).toEqual([
      ["synchronous code", "a callback runs to its end first"],
      ["process.nextTick", "the nextTick queue is emptied first"],
      ["promise.then", "then the microtasks"],
      ["setTimeout 0", "timers wait for the next turn"],
    ]);
    expect(quiz.answer[1]?.recorded).toBe("  2. process.nextTick");
    expect(quiz.shuffled).not.toEqual([0, 1, 2, 3]);
  });

  test("fails, naming the quiz, when a line has no reason", () => {
    const { setTimeout: _left, ...fewer } = REASONS;
    expect(() => buildQuiz(OUTPUT, { ...spec, reasons: fewer })).toThrow(
      /quiz on run "ordering" \(section "queued inside an I\/O callback:"\): line "setTimeout 0" has no reason/,
    );
  });

  test("fails on a mask that is not a regular expression", () => {
    expect(() => buildQuiz(OUTPUT, { ...spec, mask: "(" })).toThrow(/mask:/);
  });
});

describe("gradeOrder", () => {
  const labels = ["a", "b", "c", "d"];

  test("counts every line in place as right", () => {
    expect(gradeOrder([0, 1, 2, 3], labels)).toMatchObject({
      correct: true,
      inPlace: 4,
      total: 4,
    });
  });

  test("marks only the line that was moved, not the ones it pushed along", () => {
    // The last line put first: the other three are still in order.
    const grade = gradeOrder([3, 0, 1, 2], labels);
    expect(grade.correct).toBe(false);
    expect(grade.inPlace).toBe(3);
    expect(grade.lines.filter((line) => !line.inPlace)).toEqual([
      { line: 3, inPlace: false, belongsAt: [4] },
    ]);
  });

  test("marks one of two swapped lines, and says where it belongs", () => {
    const grade = gradeOrder([1, 0, 2, 3], labels);
    expect(grade.inPlace).toBe(3);
    const [wrong, ...more] = grade.lines.filter((line) => !line.inPlace);
    expect(more).toEqual([]);
    expect(wrong?.belongsAt).toEqual([(wrong?.line ?? 0) + 1]);
  });

  test("marks as few lines as there are to move, in any order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 9 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
          ),
        ),
        ([n, order]) => {
          const letters = Array.from({ length: n }, (_, i) => `line ${i}`);
          const grade = gradeOrder(order, letters);
          const kept = grade.lines
            .filter((line) => line.inPlace)
            .map((line) => line.line);
          // The lines marked in order really are in order with each other.
          expect(kept).toEqual([...kept].sort((a, b) => a - b));
          // Moving only the marked lines to their places solves the quiz,
          // and no fewer moves could: the kept lines are a longest run.
          const fixed = [...kept];
          for (const line of grade.lines.filter((entry) => !entry.inPlace)) {
            const at = fixed.findIndex((other) => other > line.line);
            fixed.splice(at < 0 ? fixed.length : at, 0, line.line);
          }
          expect(fixed).toEqual(letters.map((_, i) => i));
          // Quadratic longest increasing run, to compare with.
          const best = order.map(() => 1);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < i; j++) {
              if ((order[j] ?? 0) < (order[i] ?? 0)) {
                best[i] = Math.max(best[i] ?? 1, (best[j] ?? 1) + 1);
              }
            }
          }
          expect(grade.inPlace).toBe(Math.max(...best));
          expect(grade.correct).toBe(grade.inPlace === n);
        },
      ),
    );
  });

  test("lets lines that read the same swap places", () => {
    const same = ["x", "y", "x"];
    expect(gradeOrder([2, 1, 0], same).correct).toBe(true);
    const grade = gradeOrder([1, 0, 2], same);
    expect(grade.inPlace).toBe(2);
    expect(grade.lines.filter((line) => !line.inPlace)).toEqual([
      { line: 1, inPlace: false, belongsAt: [2] },
    ]);
  });

  test("finds one longest run of ranks in order", () => {
    expect([...longestInOrder([2, 0, 1, 3])].sort()).toEqual([1, 2, 3]);
    expect(longestInOrder([]).size).toBe(0);
    expect(longestInOrder([3, 2, 1, 0]).size).toBe(1);
  });
});

describe("moving lines", () => {
  test("moveLine takes a line out and puts it in at the new place", () => {
    expect(moveLine([0, 1, 2, 3], 0, 2)).toEqual([1, 2, 0, 3]);
    expect(moveLine([0, 1, 2, 3], 3, 0)).toEqual([3, 0, 1, 2]);
    expect(moveLine([0, 1, 2], 1, 9)).toEqual([0, 2, 1]);
    expect(moveLine([0, 1, 2], 5, 0)).toEqual([0, 1, 2]);
  });

  test("targetPlace stays inside the list", () => {
    expect(targetPlace(0, "previous", 4)).toBe(0);
    expect(targetPlace(3, "next", 4)).toBe(3);
    expect(targetPlace(1, "next", 4)).toBe(2);
    expect(targetPlace(2, "first", 4)).toBe(0);
    expect(targetPlace(0, "last", 4)).toBe(3);
  });

  test("arrows move the focus, or the line once picked up or with Alt", () => {
    const free = { grabbed: false, altKey: false };
    expect(quizKeyAction("ArrowDown", free)).toEqual({
      kind: "focus",
      to: "next",
    });
    expect(quizKeyAction("ArrowUp", { grabbed: true, altKey: false })).toEqual({
      kind: "move",
      to: "previous",
    });
    expect(quizKeyAction("End", { grabbed: false, altKey: true })).toEqual({
      kind: "move",
      to: "last",
    });
    expect(quizKeyAction(" ", free)).toEqual({ kind: "grab" });
    expect(quizKeyAction("Enter", free)).toEqual({ kind: "grab" });
    expect(quizKeyAction("Escape", free)).toBeUndefined();
    expect(quizKeyAction("Escape", { grabbed: true, altKey: false })).toEqual({
      kind: "cancel",
    });
    expect(quizKeyAction("ArrowLeft", free)).toBeUndefined();
  });

  test("a saved order is used only if it is an order of these lines", () => {
    expect(parseSavedOrder("[2,0,1]", 3)).toEqual([2, 0, 1]);
    expect(parseSavedOrder("[2,0,0]", 3)).toBeUndefined();
    expect(parseSavedOrder("[0,1]", 3)).toBeUndefined();
    expect(parseSavedOrder("[0,1,3]", 3)).toBeUndefined();
    expect(parseSavedOrder("not json", 3)).toBeUndefined();
    expect(parseSavedOrder(null, 3)).toBeUndefined();
  });

  test("the announcements say the line and its place", () => {
    expect(announce.moved("promise.then", 1, 6)).toBe(
      '"promise.then", line 2 of 6.',
    );
    expect(announce.grabbed("x", 0, 3)).toMatch(/^Picked up "x", line 1 of 3/);
    expect(announce.graded(gradeOrder([1, 0, 2], ["a", "b", "c"]))).toBe(
      "2 of 3 lines are in order. The lines out of place say why.",
    );
    expect(belongsText([3])).toBe("line 3");
    expect(belongsText([2, 4, 5])).toBe("line 2, 4 or 5");
  });
});

describe("finding the quizzes of a page", () => {
  test("reads string and expression props across lines", () => {
    const mdx = [
      "Some text.",
      "",
      '<OrderQuiz run="ordering" section="a: {b}"',
      '  question="In what order?"',
      "  reasons={{",
      '    "x }": "a brace in a string",',
      "    y: `and a template`,",
      "  }}",
      "/>",
    ].join("\n");
    expect(findOrderQuizzes(mdx)).toEqual([
      {
        line: 3,
        props: {
          run: "ordering",
          section: "a: {b}",
          question: "In what order?",
          reasons: { "x }": "a brace in a string", y: "and a template" },
        },
      },
    ]);
  });
});

// The quizzes the course has: each builds from its recording, with a reason
// for every line, so a missing reason fails here and not in front of the
// learner.
const quizzes = discoverLessons().flatMap((lesson) =>
  findOrderQuizzes(readFileSync(join(lesson.path, "index.mdx"), "utf8")).map(
    (found) => ({ lesson, ...found }),
  ),
);

describe("the course's quizzes", () => {
  test("there is at least one on the pages of lessons 3, 4 and 5", () => {
    const numbers = new Set(quizzes.map(({ lesson }) => lesson.number));
    expect([3, 4, 5].filter((n) => !numbers.has(n))).toEqual([]);
  });

  test.each(quizzes)(
    "$lesson.dir, line $line: builds from its recording",
    ({ lesson, props }) => {
      const spec = props as unknown as OrderQuizSpec & { question: string };
      expect(typeof spec.question).toBe("string");
      const recording = readRecordedRun(lesson.path, spec.run);
      const quiz = buildQuiz(recording.output, spec);
      expect(quiz.answer.length).toBeGreaterThanOrEqual(3);
    },
  );
});
