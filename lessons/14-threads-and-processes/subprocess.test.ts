import { expect, test } from "vitest";
import { runProgram, runTicker } from "./subprocess.ts";

test("reads the child's lines while it runs, then its exit code", async () => {
  const run = await runTicker(4, 0);
  expect(run.lines.map((line) => line.text)).toEqual([
    "tick 1",
    "tick 2",
    "tick 3",
    "tick 4",
  ]);
  // The ticks are 100 ms apart: read as they came, not all at the end.
  const [first, , , last] = run.lines;
  const spread = (last?.at ?? 0) - (first?.at ?? 0);
  expect(
    spread,
    `first and last line ${Math.round(spread)} ms apart`,
  ).toBeGreaterThan(150);
  expect(run.exit).toEqual({ code: 0, signal: null });
});

test("reports the exit code the child chose", async () => {
  const run = await runTicker(2, 3);
  expect(run.lines).toHaveLength(2);
  expect(run.exit).toEqual({ code: 3, signal: null });
});

test("an abort kills the child with SIGTERM, and its output ends", async () => {
  const run = await runTicker(50, 0, 2);
  expect(run.lines).toHaveLength(2);
  expect(run.exit).toEqual({ code: null, signal: "SIGTERM" });
});

test("a program that is not there rejects with ENOENT", async () => {
  const program = runProgram("no-such-program-for-lesson-14", []);
  for await (const line of program.lines) void line;
  await expect(program.exited).rejects.toMatchObject({ code: "ENOENT" });
});
