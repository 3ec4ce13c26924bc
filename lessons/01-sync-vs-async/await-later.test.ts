// A promise that rejects before anyone listens to it ends the process
// (Node's default, `--unhandled-rejections=throw`), even though the code
// was about to await it inside a `try`.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { settledStats } from "../../src/server/settled.ts";
import { errorLine, firstLine, runProgram } from "./run-program.ts";

const ctx = useServer();
const program = new URL("./programs/await-later.ts", import.meta.url);

describe("two requests started together, then awaited in turn", () => {
  it("the second one fails first: the process exits with code 1 before the try can catch it", async () => {
    const exit = await runProgram(program, [ctx.server.url, "in-turn"]);
    expect(exit.code, exit.stderr).toBe(1);
    // Neither the slow body nor the catch block's line was printed.
    expect(exit.stdout).toEqual([]);
    expect(firstLine(exit.stderr)).toMatch(
      /^lessons\/01-sync-vs-async\/fetch-path\.ts:\d+$/,
    );
    expect(errorLine(exit.stderr)).toBe(
      "Error: GET /status/500 answered 500: 500 Internal Server Error",
    );
    // The slow request was cut off by the exit, not answered.
    const outcomes = (await settledStats(ctx.server, 1000)).requests
      .map((r) => `${r.path} ${r.outcome}`)
      .sort();
    expect(outcomes).toEqual(["/delay/1000 aborted", "/status/500 ok"]);
  });

  it("with Promise.all the failure is caught, and the process waits for the slow request", async () => {
    const exit = await runProgram(program, [ctx.server.url, "all"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toEqual([
      "caught: GET /status/500 answered 500: 500 Internal Server Error",
    ]);
    // `Promise.all` stopped waiting; the slow request ran to its end.
    const outcomes = ctx.server
      .stats()
      .requests.map((r) => `${r.path} ${r.outcome}`)
      .sort();
    expect(outcomes).toEqual(["/delay/1000 ok", "/status/500 ok"]);
    expect(exit.ms, `exited after ${exit.ms} ms`).toBeGreaterThanOrEqual(1000);
  });
});
