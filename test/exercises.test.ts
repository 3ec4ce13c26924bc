// Every lesson's exercise check tells the worked solution from the stub.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCheck } from "../src/cli/run-check.ts";
import { discoverLessons } from "../src/lib/lessons.ts";
import type { Verdict } from "../src/lib/lesson-types.ts";
import { useServer } from "./helpers/server.ts";

const ctx = useServer();
const lessons = discoverLessons().filter((lesson) =>
  existsSync(join(lesson.path, "exercise")),
);

function explain(verdict: Verdict): string {
  return [
    `expected: ${verdict.expected}`,
    `observed: ${verdict.observed}`,
    ...(verdict.details ?? []),
  ].join("\n");
}

describe.each(lessons)("the exercise of lesson $dir", (lesson) => {
  test(`lesson ${lesson.dir}: the check passes the solution`, async () => {
    const verdict = await runCheck(lesson, "solution.ts", ctx.client);
    expect(verdict.passed, explain(verdict)).toBe(true);
  });

  test(`lesson ${lesson.dir}: the check fails the task stub`, async () => {
    const verdict = await runCheck(lesson, "task.ts", ctx.client);
    expect(verdict.passed, explain(verdict)).toBe(false);
  });
});
