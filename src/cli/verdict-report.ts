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
  const named =
    answering !== undefined && Number.isInteger(answering)
      ? hints[answering - 1]
      : undefined;
  if (named) {
    return [
      `${named.title} (of ${hints.length}), for the mistake above:`,
      "",
      named.body,
    ].join("\n");
  }
  const level = hintLevel(failures, hints.length);
  const hint = hints[level - 1];
  if (!hint) return "";
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
