// The buggy programs of the lesson, each run as a child process against
// this file's server: what goes wrong, what the tools say, and that the
// fixed version does not go wrong.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { runProgram } from "./run-program.ts";

const ctx = useServer();
const PROGRAMS = "lessons/16-debugging/programs";

describe("async stack traces", () => {
  it("follow awaits and Promise.all, and stop at timers, callbacks and fetch", async () => {
    const exit = await runProgram("stack-traces", [ctx.server.url]);
    expect(exit.code, exit.stderr.join("\n")).toBe(0);
    const cases = exit.stdout.join("\n").split(/^--- /m).slice(1);
    const [awaits, then, timer, callback, fetched] = cases;
    expect(awaits).toMatch(/at parsePrice .*\n.*at async priceOf/);
    expect(awaits).toMatch(
      /at async Promise\.all \(index 1\)\n.*at async total/,
    );
    // The function that built the `.then` chain is not in its stack.
    expect(then).not.toMatch(/totalWithThen/);
    // The awaiting `checkout` is lost: the error was made in a timer.
    expect(timer).toMatch(/at listOnTimeout \(node:internal\/timers/);
    expect(timer).not.toMatch(/checkout/);
    // No frame at all, ours or Node's.
    expect(callback?.trim().split("\n")).toEqual([
      "fs.readFile's callback",
      "Error: ENOENT: no such file or directory, open '/no/such/prices.json'",
    ]);
    expect(fetched).toMatch(/^fetch\nTypeError: fetch failed\n {2}cause: /);
    expect(fetched).not.toMatch(/loadPrices/);
  });
});

describe("the forgotten await", () => {
  it("answers before the order is saved, and its failure escapes the try", async () => {
    const exit = await runProgram("forgotten-await", [
      ctx.server.url,
      "forgotten",
    ]);
    expect(exit.stdout).toEqual([
      "apple: placed",
      "saved so far: []",
      "pear: placed",
    ]);
    expect(exit.code).toBe(1);
    const stderr = exit.stderr.join("\n");
    expect(stderr).toMatch(/Error: saving pear: 503\n\s+at saveOrder/);
    // Not awaited: the caller is not in the stack.
    expect(stderr).not.toMatch(/placeOrder/);
  });

  it("awaited, saves before it answers and catches the failure", async () => {
    const exit = await runProgram("forgotten-await", [ctx.server.url, "fixed"]);
    expect(exit.code, exit.stderr.join("\n")).toBe(0);
    expect(exit.stdout).toEqual([
      "apple: placed",
      "saved so far: [apple]",
      "pear: failed (saving pear: 503)",
      "saved at the end: [apple]",
    ]);
  });
});

describe("an unhandled rejection from fetch", () => {
  it("crashes with a stack that names no line of the program", async () => {
    const exit = await runProgram("unhandled", [ctx.server.url, "plain"]);
    expect(exit.code).toBe(1);
    const stderr = exit.stderr.join("\n");
    expect(stderr).toMatch(/TypeError: fetch failed/);
    expect(stderr).not.toMatch(/unhandled\.ts/);
  });

  it("is traced to the call that made its promise when promise origins are on", async () => {
    const exit = await runProgram("unhandled", [ctx.server.url, "traced"]);
    expect(exit.code).toBe(1);
    expect(exit.stderr.slice(0, 4)).toEqual([
      "unhandled rejection: TypeError: fetch failed",
      "the promise was made:",
      expect.stringMatching(/^ {4}at loadUser \(.*unhandled\.ts:\d+:\d+\)$/),
      expect.stringMatching(
        /^ {4}at refreshUsers \(.*unhandled\.ts:\d+:\d+\)$/,
      ),
    ]);
  });

  it("handled where it starts, is reported with its cause and the process lives", async () => {
    const exit = await runProgram("unhandled", [ctx.server.url, "fixed"]);
    expect(exit.code).toBe(0);
    expect(exit.stderr).toEqual([
      "refreshing user 7 failed: TypeError: fetch failed: Error: read ECONNRESET",
    ]);
  });
});

describe("a program that does not exit", () => {
  it("stays alive after its last line until it is killed", async () => {
    const exit = await runProgram("no-exit", [ctx.server.url, "buggy"], {
      killAfterLine: { lastLine: /^done/m, ms: 500 },
    });
    expect(exit.stdout).toEqual(["done: 3 pages"]);
    expect(exit.signal).toBe("SIGKILL");
    expect(exit.stderr).toContain("3 of 3 pages");
  });

  it("names its timer and its watcher, with the lines that made them", async () => {
    const exit = await runProgram("no-exit", [ctx.server.url, "diagnose"]);
    expect(exit.code).toBe(0);
    const resources = exit.stdout.find((l) => l.startsWith("active resources"));
    expect(resources?.split(": ")[1]?.split(",")).toEqual(
      expect.arrayContaining(["Timeout", "FSEventWrap"]),
    );
    const text = exit.stdout.join("\n");
    expect(text).toMatch(
      new RegExp(
        `# Timeout\\n${PROGRAMS}/no-exit.ts:\\d+ - const progress = setInterval`,
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `# FSEVENTWRAP\\n${PROGRAMS}/no-exit.ts:\\d+ - const settings = watch`,
      ),
    );
  });

  it("exits by itself once it clears the timer and closes the watcher", async () => {
    const exit = await runProgram("no-exit", [ctx.server.url, "fixed"], {
      killAfterLine: { lastLine: /^done/m, ms: 5000 },
    });
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
  });
});

describe("the lesson's debug mode, the Node twin of asyncio's", () => {
  it("reports the block with its stack and where the unhandled promise was made", async () => {
    const exit = await runProgram("debug-mode", ["debug"]);
    expect(exit.code).toBe(1);
    const stderr = exit.stderr.join("\n");
    expect(stderr).toMatch(
      /slow: the event loop was blocked for [\d.]+ (ms|s) in\n {4}at sleepBlocking/,
    );
    expect(stderr).toMatch(
      /the promise was made:\n {4}at audit .*\n {4}at main/,
    );
    expect(stderr).toMatch(
      /main\(\) is done\nunhandled rejection: Error: the audit/,
    );
  });

  it("without it, Node says nothing of the block and ends at the rejection", async () => {
    const exit = await runProgram("debug-mode", ["plain"]);
    expect(exit.code).toBe(1);
    const stderr = exit.stderr.join("\n");
    expect(stderr).not.toMatch(/slow:/);
    expect(stderr).toMatch(/Error: the audit of apple failed/);
  });
});
