// The asyncio original, debug_mode.py, run by python3 plain and in debug
// mode: what debug mode adds to each of the three reports.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { otherSlowStep, runDebugModePy, tidy } from "./python-original.ts";

const python = spawnSync("python3", ["--version"]);
const missing = python.error !== undefined || python.status !== 0;

describe("tidying Python's output", () => {
  it("folds asyncio's frames into one line and writes durations our way", () => {
    const text = [
      "Executing <Task created at /usr/lib/python3.11/asyncio/runners.py:100> took 0.305 seconds",
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3.11/asyncio/runners.py", line 190, in run',
      "    return runner.run(main)",
      '  File "/usr/lib/python3.11/asyncio/base_events.py", line 640, in x',
      "    self.run_forever()",
      "RuntimeError: boom",
      "",
    ].join("\n");
    expect(tidy(text)).toEqual([
      "Executing <Task created at asyncio/runners.py:100> took 305 ms",
      "Traceback (most recent call last):",
      "  … (frames inside asyncio)",
      "RuntimeError: boom",
    ]);
  });
});

describe("the slow steps shown", () => {
  it("are the step that called time.sleep, not one a busy machine made slow", () => {
    const at = (line: number) =>
      `Executing <Task pending name='Task-1' coro=<main() running at lessons/16-debugging/debug_mode.py:${line}> took 301 ms`;
    expect(otherSlowStep(at(33))).toBe(false);
    expect(otherSlowStep(at(42))).toBe(true);
    expect(otherSlowStep("Task exception was never retrieved")).toBe(false);
  });
});

describe.skipIf(missing)("debug_mode.py (needs python3)", () => {
  it("plain: warns of the coroutine never awaited and logs the lost exception, nothing more", async () => {
    const run = await runDebugModePy(false);
    const text = run?.lines.join("\n") ?? "";
    expect(run?.code).toBe(0);
    expect(text).toMatch(/RuntimeWarning: coroutine 'save' was never awaited/);
    expect(text).toMatch(/Task exception was never retrieved/);
    expect(text).not.toMatch(/Executing <Task/);
    expect(text).not.toMatch(/Coroutine created at|source_traceback/);
  });

  it("debug: adds the slow step, and where the coroutine and the task were made", async () => {
    const run = await runDebugModePy(true);
    const text = run?.lines.join("\n") ?? "";
    expect(run?.code).toBe(0);
    expect(text).toMatch(/debug: True, slow: 0\.1 s/);
    const took = /Executing <Task .*> took ([\d.]+) (ms|s)/.exec(text);
    const ms = Number(took?.[1]) * (took?.[2] === "s" ? 1000 : 1);
    // time.sleep(0.3) held the loop: the step took at least that long.
    expect(ms, `the slow step took ${ms} ms`).toBeGreaterThanOrEqual(295);
    expect(text).toMatch(
      /Coroutine created at[^]*line 38, in main\n {4}save\("apple"\)/,
    );
    expect(text).toMatch(/source_traceback: [^]*task = asyncio\.create_task/);
  });
});
