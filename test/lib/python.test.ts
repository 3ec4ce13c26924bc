import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  logFigures,
  pythonCommand,
  pythonMissing,
  runPythonJson,
  runPythonLines,
} from "../../src/lib/python.ts";

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

describe("pythonCommand", () => {
  test("LESSON_PYTHON chooses the interpreter", () => {
    expect(pythonCommand({ LESSON_PYTHON: "/opt/py/bin/python3" })).toBe(
      "/opt/py/bin/python3",
    );
  });

  test("without it, Debian's /usr/bin/python3 if there is one, else python3", () => {
    const expected = existsSync("/usr/bin/python3")
      ? "/usr/bin/python3"
      : "python3";
    expect(pythonCommand({})).toBe(expected);
  });
});

describe("pythonMissing", () => {
  test("an interpreter that is not there is named, with what to install", async () => {
    const reason = await pythonMissing(["asyncio"], "no-such-python-here");
    expect(reason).toMatch(/no-such-python-here is not installed/);
    expect(reason).toMatch(/apt install .*python3-aiohttp/);
  });

  test.skipIf(!hasPython)(
    "a module it cannot import is named, with what to install (skipped: no python3)",
    async () => {
      const reason = await pythonMissing(["no_such_module_xyz"], "python3");
      expect(reason).toMatch(/cannot import no_such_module_xyz/);
      expect(reason).toMatch(/python3-aiohttp/);
      expect(await pythonMissing(["asyncio"], "python3")).toBeNull();
    },
  );
});

describe.skipIf(!hasPython)("runPythonLines (skipped: no python3)", () => {
  test("answers the lines printed, given its arguments", async () => {
    const path = script(
      "lines.py",
      "import sys\nfor a in sys.argv[1:]:\n    print('got', a)\n",
    );
    expect(
      await runPythonLines(path, ["a", "b"], { python: "python3" }),
    ).toEqual(["got a", "got b"]);
  });

  test("a failure rejects with its standard error and what it printed first", async () => {
    const path = script(
      "half.py",
      "import sys\nprint('before')\nsys.exit('it broke')\n",
    );
    await expect(
      runPythonLines(path, [], { python: "python3" }),
    ).rejects.toThrow(/exited with 1: it broke\nit printed: before/);
  });
});

describe("logFigures", () => {
  const record = (arrivedAt: number, finishedAt: number | null) => ({
    id: 1,
    connectionId: 1,
    method: "GET",
    path: "/bar",
    arrivedAt,
    firstByteAt: finishedAt,
    finishedAt,
    status: 200,
    outcome: "ok" as const,
  });

  test("counts the most requests in flight at one moment and the busy span", () => {
    const figures = logFigures([
      record(0, 100),
      record(10, 50),
      record(60, 120),
      record(100, 130),
    ]);
    expect(figures).toEqual({ requests: 4, peakInFlight: 2, busyMs: 130 });
  });

  test("one that finished as another arrived was not in flight with it", () => {
    expect(logFigures([record(0, 10), record(10, 20)]).peakInFlight).toBe(1);
  });

  test("an empty log has no figures", () => {
    expect(logFigures([])).toEqual({ requests: 0, peakInFlight: 0, busyMs: 0 });
  });
});
