// no-floating-promises, run by the lesson's lint, on the buggy programs and
// on the exercise: it finds the forgotten await and the unhandled audit.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { lintFloatingPromises } from "./floating-lint.ts";
import { programPath } from "./run-program.ts";

const exercise = (name: string) =>
  fileURLToPath(new URL(`./exercise/${name}`, import.meta.url));

it(
  "points at each promise nobody awaits or handles, and at nothing else",
  { timeout: 90_000 },
  async () => {
    const files = [
      programPath("forgotten-await"),
      programPath("unhandled"),
      exercise("task.ts"),
      exercise("solution.ts"),
    ];
    const results = await lintFloatingPromises(files);
    const sources = (file: string) =>
      (results.get(file) ?? []).map((m) => m.source);
    const [forgotten = "", unhandled = "", task = "", solution = ""] = files;
    expect(sources(forgotten)).toEqual(["saveOrder(item);"]);
    // `loadUser(id).catch(...)` in the fixed version is handled: not named.
    expect(sources(unhandled)).toEqual(["for (const id of ids) loadUser(id);"]);
    // Two of the exercise's five bugs: the save and the audit.
    expect(sources(task)).toEqual(["saveOrder(order);", "audit(order);"]);
    expect(sources(solution)).toEqual([]);
    const rules = [...results.values()].flat().map((m) => m.rule);
    expect(new Set(rules)).toEqual(
      new Set(["@typescript-eslint/no-floating-promises"]),
    );
  },
);
