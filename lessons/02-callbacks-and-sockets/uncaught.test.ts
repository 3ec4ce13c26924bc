import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { runUncaughtChild } from "./uncaught.ts";

const ctx = useServer();
const runChild = promisify(runUncaughtChild);

describe("a throw inside a socket callback", () => {
  it("escapes the try around httpGet, is an uncaughtException, and exits with code 1", async () => {
    const outcome = await runChild(`${ctx.server.url}/delay/0`);
    expect(outcome?.stdout.split("\n")).toEqual([
      "httpGet returned; the try block is over",
      "uncaughtExceptionMonitor: uncaughtException: cannot use a 200",
      "",
    ]);
    expect(outcome?.stderr).toContain("Error: cannot use a 200");
    // The stack starts in Node's socket read, not in our code.
    expect(outcome?.stderr).toMatch(/at TCP\.onStreamRead/);
    expect(outcome?.code).toBe(1);
  });
});
