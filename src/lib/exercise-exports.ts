// An exercise's check asks for the functions it is going to call before it
// calls them, so that a renamed or missing export gets a verdict naming the
// export the check expected, not a TypeError from deep inside the check.
// (`npm run verify` compares the exports with the solution's before it
// runs a check at all; this covers a check called on its own, as the
// lessons' tests do, in the same words.)
import type { Verdict } from "./lesson-types.ts";

const quoted = (names: readonly string[]): string =>
  names.map((name) => `\`${name}\``).join(", ");

/**
 * A failing verdict if the module namespace `impl` does not export a
 * function under each of `names`; undefined if it does.
 */
export function missingExports(
  impl: unknown,
  names: readonly string[],
): Verdict | undefined {
  const exported =
    typeof impl === "object" && impl !== null
      ? (impl as Record<string, unknown>)
      : {};
  const problems = names.flatMap((name) => {
    const value = exported[name];
    if (typeof value === "function") return [];
    return value === undefined
      ? [`the file does not export \`${name}\``]
      : [`\`${name}\` is a ${typeof value}, not a function`];
  });
  if (problems.length === 0) return undefined;
  const found = Object.keys(exported);
  return {
    passed: false,
    expected: `an exported function named ${quoted(names)}`,
    observed:
      `${problems.join("; ")}; the file exports ` +
      (found.length === 0 ? "nothing" : quoted(found)),
    details: [
      "The check calls your function by the name task.ts gave it: keep that",
      "name, and keep the `export` in front of it.",
    ],
  };
}
