// Promises created first and then awaited in a loop: one that fails while
// the loop waits on an earlier one has no handler, and Node ends the process.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { errorLine, runProgram } from "../01-sync-vs-async/run-program.ts";

const ctx = useServer();
const program = new URL("./programs/collect-in-loop.ts", import.meta.url);

describe("collecting already started promises in a loop", () => {
  it("exits with code 1 on the reset, before the loop's catch can see it", async () => {
    const exit = await runProgram(program, [ctx.server.url, "loop"]);
    expect(exit.code, exit.stderr).toBe(1);
    // Neither the catch block nor the line after the loop ran.
    expect(exit.stdout).toEqual([]);
    expect(errorLine(exit.stderr)).toBe("Error: read ECONNRESET");
    expect(exit.stderr).toMatch(
      /triggerUncaughtException\(err, true \/\* fromPromise \*\/\)/,
    );
  });

  it("collected with Promise.all, the reset is caught and the process exits with 0", async () => {
    const exit = await runProgram(program, [ctx.server.url, "all"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toEqual(["caught: read ECONNRESET"]);
  });
});
