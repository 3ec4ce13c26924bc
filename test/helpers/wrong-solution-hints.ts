// For a lesson's exercise test: each wrong solution in `exercise/wrong/`
// is rejected with the hint of hints.md that answers its mistake (the
// verdict's `hint`), and every wrong solution is listed.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { reexportVerdict } from "../../src/cli/verdict-report.ts";
import type { Verdict } from "../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../src/server/types.ts";

type Check<Impl> = (impl: Impl, server: ServerClient) => Promise<Verdict>;

/**
 * One test per entry of `hints` (file name -> 1-based hint number, or
 * undefined for a mistake no hint answers), and one that every file of
 * `wrongDir` has an entry.
 */
export function itPointsWrongSolutionsAtHints<Impl>(
  wrongDir: URL,
  hints: Record<string, number | undefined>,
  check: Check<Impl>,
  client: () => ServerClient,
): void {
  it("lists a hint for every wrong solution", async () => {
    const files = readdirSync(fileURLToPath(wrongDir)).filter((file) =>
      file.endsWith(".ts"),
    );
    // A re-export of the solution is refused before any check runs (see
    // reexportVerdict), so it needs no entry, unless the lesson's check
    // catches it too and names a hint.
    const solution = (await import(
      new URL("../solution.ts", wrongDir).href
    )) as Record<string, unknown>;
    const checked: string[] = [];
    for (const file of files) {
      const impl = (await import(new URL(file, wrongDir).href)) as Record<
        string,
        unknown
      >;
      if (!reexportVerdict(solution, impl, file) || file in hints) {
        checked.push(file);
      }
    }
    expect(Object.keys(hints).sort()).toEqual(checked.sort());
  });

  it.for(Object.entries(hints))(
    "points wrong/%s at hint %s",
    async ([file, hint]) => {
      const impl = (await import(new URL(file, wrongDir).href)) as Impl;
      const verdict = await check(impl, client());
      expect(verdict.passed, verdict.observed).toBe(false);
      expect(verdict.hint, verdict.observed).toBe(hint);
    },
  );
}
