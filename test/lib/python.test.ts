import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runPythonJson } from "../../src/lib/python.ts";

const hasPython = spawnSync("python3", ["--version"]).status === 0;
const folder = mkdtempSync(join(tmpdir(), "python-json-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

test("an interpreter that is not installed gives null, not an error", async () => {
  const answer = await runPythonJson("whatever.py", [], {
    python: "no-such-python-here",
  });
  expect(answer).toBeNull();
});

describe.skipIf(!hasPython)("with python3 (skipped: not on PATH)", () => {
  test("parses the one JSON object the program prints, given its arguments", async () => {
    const path = script(
      "echo.py",
      "import json, sys\nprint(json.dumps({'args': sys.argv[1:]}))\n",
    );
    expect(await runPythonJson(path, ["a", "b"])).toEqual({
      args: ["a", "b"],
    });
  });

  test("a program that fails rejects with its exit code and standard error", async () => {
    const path = script("fails.py", "import sys\nsys.exit('it broke')\n");
    await expect(runPythonJson(path, [])).rejects.toThrow(
      /exited with 1: it broke/,
    );
  });

  test("a program that prints no JSON rejects and shows what it printed", async () => {
    const path = script("text.py", "print('hello')\n");
    await expect(runPythonJson(path, [])).rejects.toThrow(
      /printed no JSON: hello/,
    );
  });
});
