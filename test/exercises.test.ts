// Every lesson's exercise check tells the worked solution from the stub, and
// rejects each of the lesson's wrong solutions for the reason it names.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCheck } from "../src/cli/run-check.ts";
import { discoverLessons } from "../src/lib/lessons.ts";
import type { Verdict } from "../src/lib/lesson-types.ts";
import { verdictSays, wrongSolutions } from "../src/lib/wrong-solutions.ts";
import { useServer } from "./helpers/server.ts";
import { settledStats } from "../src/server/settled.ts";

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

// A check runs a learner's code against the server, some for seconds; on a
// busy machine it may take three times as long. verify allows 60 s.
const CHECK = { timeout: 60_000 };

describe.each(lessons)("the exercise of lesson $dir", (lesson) => {
  test(
    `lesson ${lesson.dir}: the check passes the solution`,
    CHECK,
    async () => {
      const verdict = await runCheck(lesson, "solution.ts", ctx.client);
      expect(verdict.passed, explain(verdict)).toBe(true);
    },
  );

  test(
    `lesson ${lesson.dir}: the check fails the task stub`,
    CHECK,
    async () => {
      const verdict = await runCheck(lesson, "task.ts", ctx.client);
      expect(verdict.passed, explain(verdict)).toBe(false);
    },
  );

  const wrong = wrongSolutions(lesson.path);
  test.for(wrong)(
    `lesson ${lesson.dir}: the check rejects wrong/$file for its mistake`,
    CHECK,
    async (entry) => {
      if ("problem" in entry)
        throw new Error(`${entry.file}: ${entry.problem}`);
      const verdict = await runCheck(lesson, `wrong/${entry.file}`, ctx.client);
      // A wrong solution may leave requests running (one that never aborts
      // the rest, say): that is its mistake, not the test's leak.
      await settledStats(ctx.client, 5000);
      const text = explain(verdict);
      expect(verdict.passed, `${entry.mistake}, yet it passed:\n${text}`).toBe(
        false,
      );
      expect(
        verdictSays(text, entry.rejectedFor),
        `rejected, but not for "${entry.rejectedFor}":\n${text}`,
      ).toBe(true);
    },
  );
});
