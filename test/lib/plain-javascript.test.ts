import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  localImports,
  rewriteImports,
  writeAsJavaScript,
} from "../../src/lib/plain-javascript.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "plain-js-test-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("TypeScript modules as plain JavaScript", () => {
  test("finds and rewrites local .ts imports, and leaves the rest", () => {
    const source =
      'import { a } from "./a.ts";\nimport "../b.ts";\n' +
      'const c = await import("./lib/c.ts");\nimport { d } from "node:net";\n';
    expect(localImports(source)).toEqual(["./a.ts", "../b.ts", "./lib/c.ts"]);
    expect(rewriteImports(source)).toBe(
      'import { a } from "./a.mjs";\nimport "../b.mjs";\n' +
        'const c = await import("./lib/c.mjs");\nimport { d } from "node:net";\n',
    );
  });

  test("writes an entry and what it imports, and the result runs without TypeScript", () => {
    const dir = folder({
      "main.ts":
        'import { twice, type Pair } from "./lib/twice.ts";\n' +
        "const pair: Pair = [1, 2];\n" +
        "console.log(JSON.stringify({ twice: pair.map(twice) }));\n",
      "lib/twice.ts":
        "export type Pair = [number, number];\n" +
        "export function twice(n: number): number { return n * 2; }\n",
    });
    const out = join(dir, "out");
    const js = writeAsJavaScript(join(dir, "main.ts"), out);
    expect(js).toEqual({ entry: join(out, "main.mjs"), dir: out });
    expect(readFileSync(join(out, "lib/twice.mjs"), "utf8")).not.toMatch(
      /: number/,
    );
    const printed = execFileSync(
      process.execPath,
      ["--no-experimental-strip-types", js.entry],
      { encoding: "utf8" },
    );
    expect(JSON.parse(printed)).toEqual({ twice: [2, 4] });
  });

  test("refuses a module outside the entry's folder", () => {
    const dir = folder({
      "app/main.ts": 'import "../outside.ts";\n',
      "outside.ts": "export {};\n",
    });
    expect(() =>
      writeAsJavaScript(join(dir, "app/main.ts"), join(dir, "out")),
    ).toThrow(/is outside/);
  });
});
