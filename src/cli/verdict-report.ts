// What `npm run verify` prints: the verdict in words, then (on a failure)
// the next hint. Pure functions of their inputs, so the wording is tested.
import { pathToFileURL } from "node:url";
import type { Verdict } from "../lib/lesson-types.ts";
import type { Hint } from "../lib/hints.ts";
import { hintLevel } from "../lib/progress.ts";

/** The verdict of a check that threw instead of returning one. */
export function thrownVerdict(error: unknown): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return {
    passed: false,
    expected: "the check to run your code to the end",
    observed: `your code (or the check) threw: ${message}`,
    details: /TODO/.test(message)
      ? ["The stub still throws; replace the `// TODO:` parts of task.ts."]
      : [],
  };
}

/**
 * Why the learner's file did not load (a syntax error, say), where, and
 * what to do. A file that does not load is not an attempt at the exercise,
 * so it costs no hint.
 */
export function loadFailureMessage(
  absolutePath: string,
  shownPath: string,
  error: unknown,
): string {
  const thrown = error instanceof Error ? error : new Error(String(error));
  // For a syntax error, Node's stack starts with a code frame (file:line,
  // the line, carets under the mistake) and then the error's name.
  // The file is named by its path or its file: URL, as it was imported.
  const stack = thrown.stack ?? "";
  const nameAt = stack.indexOf(thrown.name);
  const named = [pathToFileURL(absolutePath).href, absolutePath].find((name) =>
    stack.startsWith(`${name}:`),
  );
  const frame =
    nameAt > 0 && named !== undefined
      ? shownPath + stack.slice(named.length, nameAt).trimEnd()
      : "";
  return [
    `${shownPath} does not load: ${thrown.message}`,
    ...(frame ? ["", frame, ""] : []),
    "Fix it and run the same command again; this run did not count as an attempt.",
  ].join("\n");
}

export function formatVerdict(verdict: Verdict, lessonLabel: string): string {
  const lines = [
    `${verdict.passed ? "PASS" : "FAIL"}  ${lessonLabel}`,
    `  expected: ${verdict.expected}`,
    `  observed: ${verdict.observed}`,
    ...(verdict.details ?? []).map((line) => `  ${line}`),
  ];
  return lines.join("\n");
}

/** The number (1-based) of the hint `formatHint` shows, if any: the one
 * the check named for the mistake, else the next after `failures`. */
export function shownHint(
  hintCount: number,
  failures: number,
  answering?: number,
): number | undefined {
  if (
    answering !== undefined &&
    Number.isInteger(answering) &&
    answering >= 1 &&
    answering <= hintCount
  ) {
    return answering;
  }
  const level = hintLevel(failures, hintCount);
  return level >= 1 && level <= hintCount ? level : undefined;
}

/**
 * After `failures` failures in a row: the newest hint, where the others are,
 * and when they run out, where the solution is. When the check named the hint
 * that answers the mistake it saw (`answering`, 1-based), that one is shown.
 */
export function formatHint(
  hints: Hint[],
  failures: number,
  lessonNumber: number,
  answering?: number,
): string {
  const number = shownHint(hints.length, failures, answering);
  const hint = number === undefined ? undefined : hints[number - 1];
  if (!hint) return "";
  if (number === answering) {
    return [
      `${hint.title} (of ${hints.length}), for the mistake above:`,
      "",
      hint.body,
    ].join("\n");
  }
  const level = number ?? 0;
  const lines = [`${hint.title} (of ${hints.length}):`, "", hint.body];
  if (failures > hints.length) {
    lines.push(
      "",
      `That was the last hint. To compare with a worked solution: npm run verify -- ${lessonNumber} --solution`,
    );
  } else if (level < hints.length) {
    lines.push("", "Fail again for the next hint.");
  }
  return lines.join("\n");
}

/** A verdict that is not an attempt at the exercise: it costs no hint. */
export interface CheckVerdict extends Verdict {
  notAnAttempt?: true;
}

function kindOf(value: unknown): string {
  if (typeof value === "function") {
    return /^class[\s{]/.test(Function.prototype.toString.call(value))
      ? "a class"
      : "a function";
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function names(list: string[]): string {
  const quoted = list.map((name) => `\`${name}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * When `impl` lacks an export that `expected` (the solution's module) has,
 * or has it as another kind of thing, the verdict that says which export
 * the check calls; undefined when every export is there. Type-only exports
 * leave nothing at run time, so they are not compared.
 */
export function exportsVerdict(
  expected: Record<string, unknown>,
  impl: Record<string, unknown>,
  file = "task.ts",
): CheckVerdict | undefined {
  const wanted = Object.keys(expected).filter((name) => name !== "default");
  const missing = wanted.filter((name) => !(name in impl));
  const wrongKind = wanted.filter(
    (name) => name in impl && kindOf(impl[name]) !== kindOf(expected[name]),
  );
  if (missing.length === 0 && wrongKind.length === 0) return undefined;
  const described = wanted.map(
    (name) => `\`${name}\` (${kindOf(expected[name])})`,
  );
  const has = Object.keys(impl).filter((name) => name !== "default");
  const observed = [
    ...(missing.length > 0
      ? [
          `${file} does not export ${names(missing)}` +
            (has.length > 0
              ? `; it exports ${names(has)}`
              : "; it exports nothing"),
        ]
      : []),
    ...wrongKind.map(
      (name) =>
        `\`${name}\` is ${kindOf(impl[name])}, not ${kindOf(expected[name])}`,
    ),
  ].join("; ");
  return {
    passed: false,
    expected: `${file} to export ${described.join(", ")}, as the stub does`,
    observed,
    details: [
      "The check calls your code by these names: rename it back, or export it",
      "again (`export function …`). This run did not count as an attempt.",
    ],
    notAnAttempt: true,
  };
}

export interface CourseLesson {
  number: number;
  title: string;
  /** Whether it has an exercise for `npm run verify`. */
  hasExercise: boolean;
}

/** After a pass: the next lesson, with the commands for it, or the end. */
export function nextStep(lessons: CourseLesson[], current: number): string {
  const next = lessons
    .filter((lesson) => lesson.number > current)
    .sort((a, b) => a.number - b.number)[0];
  if (!next) {
    return (
      "That was the last exercise of the course so far: well done. The\n" +
      "lessons still to come are listed in the README."
    );
  }
  return [
    `Next: lesson ${next.number}, ${next.title}. Read its page on the site`,
    "(npm start), then:",
    `  npm run lesson -- ${next.number}    runs its demonstrations`,
    ...(next.hasExercise
      ? [`  npm run verify -- ${next.number}    checks its exercise`]
      : []),
  ].join("\n");
}

/**
 * A failing verdict if every function `impl` exports is the very one the
 * solution exports (`export { f } from "./solution.ts"`): the check would
 * then test the worked solution, not the learner's code. Undefined if any
 * of them is the file's own.
 */
export function reexportVerdict(
  solution: Record<string, unknown>,
  impl: Record<string, unknown>,
  file = "task.ts",
): CheckVerdict | undefined {
  const functions = Object.keys(solution).filter(
    (name) => name !== "default" && typeof solution[name] === "function",
  );
  if (functions.length === 0) return undefined;
  if (functions.some((name) => impl[name] !== solution[name])) {
    return undefined;
  }
  return {
    passed: false,
    expected: `${file} to export functions of its own: ${names(functions)}`,
    observed:
      `${file} exports the worked solution's own ${names(functions)}, ` +
      "imported from solution.ts, so the check would only test the solution",
    details: [
      "Write the functions in task.ts (reading the solution first is fine;",
      "exporting it is not an answer).",
    ],
  };
}
