import { describe, expect, test } from "vitest";
import { parseLessonArgs } from "../../src/cli/lesson-args.ts";

describe("parseLessonArgs", () => {
  test("reads the lesson, the run and the arguments after --", () => {
    expect(parseLessonArgs(["1", "concurrent", "--", "-n", "5"])).toEqual({
      lesson: "1",
      run: "concurrent",
      extra: ["-n", "5"],
    });
  });

  test("reads --server in both spellings", () => {
    const url = "http://127.0.0.1:8080";
    expect(parseLessonArgs(["1", "--server", url]).server).toBe(url);
    expect(parseLessonArgs([`--server=${url}`, "1"]).server).toBe(url);
  });

  test("takes no arguments as a request for the list", () => {
    expect(parseLessonArgs([])).toEqual({ extra: [] });
  });

  test("rejects a --server without a URL and unknown options", () => {
    expect(() => parseLessonArgs(["1", "--server"])).toThrow(/needs a URL/);
    expect(() => parseLessonArgs(["1", "--server", "8080"])).toThrow(
      /not "8080"/,
    );
    expect(() => parseLessonArgs(["1", "--fast"])).toThrow(
      "unknown option --fast",
    );
  });

  test("asks for help with --help, and passes -h after -- to the run", () => {
    expect(parseLessonArgs(["1", "--help"], {})).toEqual({
      help: true,
      extra: [],
    });
    expect(parseLessonArgs(["1", "--", "-h"], {})).toEqual({
      lesson: "1",
      extra: ["-h"],
    });
  });

  test("asks for lesson arguments after -- when given too many names", () => {
    expect(() => parseLessonArgs(["1", "a", "b"])).toThrow(/after --/);
  });
});
