import { describe, expect, test } from "vitest";
import {
  formatHint,
  formatVerdict,
  thrownVerdict,
} from "../../src/cli/verdict-report.ts";

const hints = [
  { title: "Hint 1", body: "Look at the loop." },
  { title: "Hint 2", body: "Use Promise.all." },
];

describe("formatVerdict", () => {
  test("says PASS or FAIL, then expected and observed in words", () => {
    const text = formatVerdict(
      {
        passed: false,
        expected: "5 requests in flight at once",
        observed: "at most 1 in flight",
        details: ["the barrier timed out"],
      },
      "lesson 1",
    );
    expect(text).toBe(
      [
        "FAIL  lesson 1",
        "  expected: 5 requests in flight at once",
        "  observed: at most 1 in flight",
        "  the barrier timed out",
      ].join("\n"),
    );
  });
});

describe("thrownVerdict", () => {
  test("turns a stub's TODO error into a failure that says what to do", () => {
    const verdict = thrownVerdict(new Error("TODO: fetch them all"));
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe(
      "your code (or the check) threw: TODO: fetch them all",
    );
    expect(verdict.details?.[0]).toMatch(/replace the `\/\/ TODO:` parts/);
  });
});

describe("formatHint", () => {
  test("shows the first hint after the first failure", () => {
    expect(formatHint(hints, 1, 3)).toBe(
      "Hint 1 (of 2):\n\nLook at the loop.\n\nFail again for the next hint.",
    );
  });

  test("shows the last hint, then points to the solution", () => {
    expect(formatHint(hints, 2, 3)).toBe("Hint 2 (of 2):\n\nUse Promise.all.");
    expect(formatHint(hints, 5, 3)).toMatch(
      /^Hint 2 \(of 2\):[\s\S]*npm run verify -- 3 --solution$/,
    );
  });

  test("shows nothing before any failure or without hints", () => {
    expect(formatHint(hints, 0, 3)).toBe("");
    expect(formatHint([], 4, 3)).toBe("");
  });
});
