// For a lesson's exercise test: each wrong solution in `exercise/wrong/`
// is rejected with the hint of hints.md that answers its mistake (the
// verdict's `hint`), and every wrong solution is listed.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
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
  it("lists a hint for every wrong solution", () => {
    const files = readdirSync(fileURLToPath(wrongDir)).filter((file) =>
      file.endsWith(".ts"),
    );
    expect(Object.keys(hints).sort()).toEqual(files.sort());
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
