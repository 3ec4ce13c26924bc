import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import {
  exportsVerdict,
  formatHint,
  formatVerdict,
  reexportVerdict,
  nextStep,
  shownHint,
  thrownVerdict,
} from "../../src/cli/verdict-report.ts";

const REPORT = new URL("../../src/cli/verdict-report.ts", import.meta.url).href;

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

describe("reexportVerdict", () => {
  const solution = { fetchBoth: () => 1, helper: () => 2, LIMIT: 3 };

  test("fails a file whose every function is the solution's own", () => {
    const verdict = reexportVerdict(solution, { ...solution });
    expect(verdict?.passed).toBe(false);
    expect(verdict?.observed).toMatch(
      /exports the worked solution's own `fetchBoth` and `helper`/,
    );
  });

  test("lets through a file with one function of its own", () => {
    expect(
      reexportVerdict(solution, { ...solution, helper: () => 2 }),
    ).toBeUndefined();
    expect(
      reexportVerdict(solution, { fetchBoth: () => 1, helper: () => 2 }),
    ).toBeUndefined();
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

  test("shows the hint the check named for the mistake it saw, whatever the count", () => {
    expect(formatHint(hints, 1, 3, 2)).toBe(
      "Hint 2 (of 2), for the mistake above:\n\nUse Promise.all.",
    );
    expect(formatHint(hints, 1, 3, 9)).toMatch(/^Hint 1 \(of 2\):/);
  });

  test("shows nothing before any failure or without hints", () => {
    expect(formatHint(hints, 0, 3)).toBe("");
    expect(formatHint([], 4, 3)).toBe("");
  });

  test("says which hint it shows, for the progress record", () => {
    expect(shownHint(2, 1)).toBe(1);
    expect(shownHint(2, 7)).toBe(2);
    expect(shownHint(2, 1, 2)).toBe(2);
    expect(shownHint(2, 1, 9)).toBe(1);
    expect(shownHint(2, 0)).toBeUndefined();
    expect(shownHint(0, 3)).toBeUndefined();
  });
});

describe("loadFailureMessage", () => {
  const dir = mkdtempSync(join(tmpdir(), "verify-load-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Node itself must import the file: vitest's own transform would report a
  // syntax error in other words than `npm run verify` meets.
  function messageFor(source: string): string {
    const file = join(dir, `task-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, source);
    const script = `
      import { loadFailureMessage } from ${JSON.stringify(REPORT)};
      try {
        await import(${JSON.stringify(pathToFileURL(file).href)});
      } catch (error) {
        process.stdout.write(
          loadFailureMessage(${JSON.stringify(file)}, "exercise/task.ts", error),
        );
      }`;
    const run = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    return run.stdout;
  }

  test("shows where a syntax error is, under the path the learner knows", () => {
    expect(messageFor("export const x = ;\n")).toBe(
      [
        "exercise/task.ts does not load: Expression expected",
        "",
        "exercise/task.ts:1",
        "export const x = ;",
        "                 ^",
        "",
        "Fix it and run the same command again; this run did not count as an attempt.",
      ].join("\n"),
    );
  });

  test("names what is missing when an import cannot be found", () => {
    const message = messageFor(
      'import { gone } from "./gone.ts";\nexport const x = gone;\n',
    );
    expect(message).toMatch(
      /^exercise\/task\.ts does not load: Cannot find module '.*gone\.ts'/,
    );
    expect(message).not.toMatch(/^\s+at /m);
  });
});

describe("exportsVerdict", () => {
  const solution = { loadDashboard: async () => [], LIMIT: 4 };

  test("passes over a module with every export, and extra ones", () => {
    expect(
      exportsVerdict(solution, { ...solution, helper: () => 1 }),
    ).toBeUndefined();
  });

  test("names every missing export and what the file exports instead", () => {
    expect(exportsVerdict(solution, { loadDashbord: () => [] })).toEqual({
      passed: false,
      expected:
        "task.ts to export `loadDashboard` (a function), `LIMIT` (a number), as the stub does",
      observed:
        "task.ts does not export `loadDashboard` and `LIMIT`; it exports `loadDashbord`",
      details: [
        "The check calls your code by these names: rename it back, or export it",
        "again (`export function …`). This run did not count as an attempt.",
      ],
      notAnAttempt: true,
    });
    expect(exportsVerdict(solution, {}, "wrong/x.ts")?.observed).toBe(
      "wrong/x.ts does not export `loadDashboard` and `LIMIT`; it exports nothing",
    );
  });

  test("tells a function from a class, an object or a value", () => {
    const verdict = exportsVerdict(solution, {
      loadDashboard: class {},
      LIMIT: "4",
    });
    expect(verdict?.observed).toBe(
      "`loadDashboard` is a class, not a function; `LIMIT` is a string, not a number",
    );
  });
});

describe("nextStep", () => {
  const course = [
    { number: 1, title: "Sync vs async", hasExercise: true },
    { number: 2, title: "Callbacks and raw sockets", hasExercise: true },
    { number: 3, title: "The event loop", hasExercise: false },
  ];

  test("names the next lesson's number, title and commands", () => {
    expect(nextStep(course, 1)).toBe(
      [
        "Next: lesson 2, Callbacks and raw sockets. Read its page on the site",
        "(npm start), then:",
        "  npm run lesson -- 2    runs its demonstrations",
        "  npm run verify -- 2    checks its exercise",
      ].join("\n"),
    );
  });

  test("leaves out the exercise of a lesson that has none", () => {
    expect(nextStep(course, 2)).toMatch(
      /lesson -- 3 {4}runs its demonstrations$/,
    );
  });

  test("says when the course is done", () => {
    expect(nextStep(course, 3)).toMatch(/^That was the last exercise/);
  });
});
