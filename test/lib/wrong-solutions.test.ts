import { describe, expect, test } from "vitest";
import {
  parseWrongSolution,
  verdictSays,
} from "../../src/lib/wrong-solutions.ts";

describe("parseWrongSolution", () => {
  test("reads the mistake and the words the verdict must use", () => {
    const text =
      "// Mistake: starts the requests in batches.\n// Rejected for: batch\ncode";
    expect(parseWrongSolution("batches.ts", text)).toEqual({
      file: "batches.ts",
      mistake: "starts the requests in batches.",
      rejectedFor: "batch",
    });
  });

  test("says which line is missing", () => {
    expect(parseWrongSolution("a.ts", "// nothing\n")).toMatchObject({
      problem: expect.stringMatching(/line 1/),
    });
    expect(parseWrongSolution("a.ts", "// Mistake: x\nimport")).toMatchObject({
      problem: expect.stringMatching(/line 2/),
    });
  });
});

describe("verdictSays", () => {
  test("ignores case and how the words are wrapped", () => {
    expect(verdictSays("Started in\n  BATCHES of 4", "in batches")).toBe(true);
    expect(verdictSays("ran one after another", "in batches")).toBe(false);
  });
});
