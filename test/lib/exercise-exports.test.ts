import { describe, expect, test } from "vitest";
import { missingExports } from "../../src/lib/exercise-exports.ts";

describe("missingExports", () => {
  test("is undefined when every named function is exported", () => {
    expect(missingExports({ run: () => 1, other: 2 }, ["run"])).toBeUndefined();
  });

  test("names the export the check expected and what the file exports", () => {
    const verdict = missingExports({ getAll: () => 1 }, ["getAllAtOnce"]);
    expect(verdict).toMatchObject({
      passed: false,
      expected: "an exported function named `getAllAtOnce`",
      observed:
        "the file does not export `getAllAtOnce`; the file exports `getAll`",
    });
  });

  test("says when the name is there but is not a function", () => {
    const verdict = missingExports({ countPrimes: 3 }, ["countPrimes"]);
    expect(verdict?.observed).toBe(
      "`countPrimes` is a number, not a function; the file exports " +
        "`countPrimes`",
    );
  });

  test("says when the file exports nothing", () => {
    expect(missingExports({}, ["f"])?.observed).toMatch(/exports nothing$/);
  });
});
