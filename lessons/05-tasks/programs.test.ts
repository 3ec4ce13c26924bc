// The programs in ./programs/ run as child processes against this file's
// server: how a Node process ends decides what happens to pending work.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { errorLine, runProgram, startProgram } from "./run-program.ts";
import { settledStats } from "../../src/server/settled.ts";
import { outcomes } from "./test-support.ts";

const ctx = useServer();

async function serverLog() {
  const stats = await settledStats(ctx.server, 1000);
  return { ...stats, paths: outcomes(stats) };
}

describe("a promise nobody handles", () => {
  it("crashes the process with code 1 and the error on stderr when it rejects", async () => {
    const exit = await runProgram("forget", [ctx.server.url, "forget"]);
    expect(exit.stderr).toMatch(/answered 503/);
    expect(errorLine(exit.stderr)).toBe(
      "Error: GET /status/503 answered 503: 503 Service Unavailable",
    );
    expect(exit.code, exit.stderr).toBe(1);
    // The crash cut the program's own work short.
    expect(exit.stdout).toEqual([
      "started the request; now the program's own work",
    ]);
    expect((await serverLog()).paths).toEqual([
      "/status/503 ok",
      "/delay/500 aborted",
    ]);
  });

  it("is reported, not fatal, with a handler attached when it starts", async () => {
    const exit = await runProgram("forget", [ctx.server.url, "catch"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toEqual([
      "started the request; now the program's own work",
      "caught: GET /status/503 answered 503: 503 Service Unavailable",
      "the program's own work is done",
    ]);
  });
});

describe("pending work when the program reaches its end", () => {
  it("a pending request keeps the process alive until its response is in", async () => {
    const exit = await runProgram("pending-at-exit", [
      ctx.server.url,
      "request",
    ]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toEqual([
      "the module has run to its end",
      "the response came in: waited 1000 ms",
    ]);
    expect((await serverLog()).paths).toEqual(["/delay/1000 ok"]);
    expect(exit.ms, `exited after ${exit.ms} ms`).toBeGreaterThanOrEqual(1000);
  });

  it("an unref()ed timer does not: the process exits and it never fires", async () => {
    const exit = await runProgram("pending-at-exit", [
      ctx.server.url,
      "unref-timer",
    ]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toEqual(["the module has run to its end"]);
  });

  it("process.exit() drops a response mid-body: finally never runs, an exit listener does", async () => {
    const exit = await runProgram("pending-at-exit", [ctx.server.url, "exit"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toEqual([
      "headers in (200), the body is still coming",
      "exit listener: code 0",
    ]);
    const [drip] = (await serverLog()).requests;
    expect(drip?.outcome).toBe("aborted");
    // The drip would take 2 s to the end of its body.
    const lasted = (drip?.finishedAt ?? Infinity) - (drip?.arrivedAt ?? 0);
    expect(lasted, `the drip lasted ${lasted} ms`).toBeLessThan(1500);
  });
});

describe.each(["SIGTERM", "SIGINT"] as const)(
  "graceful shutdown on %s",
  (signal) => {
    it("aborts the downloads, exits 0, and leaves nothing open on the server", async () => {
      const program = startProgram("graceful", [ctx.server.url]);
      await program.waitFor(/in progress/);
      expect(ctx.server.stats().inFlight).toBe(3);
      const sent = performance.now();
      program.kill(signal);
      const exit = await program.exited;
      const afterSignal = performance.now() - sent;

      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.signal).toBeNull();
      expect(exit.stdout).toEqual([
        "3 downloads in progress",
        `${signal}: aborting the downloads`,
        "3 of 3 downloads stopped",
      ]);
      // Each download would drip for 5 s.
      expect(
        afterSignal,
        `exited ${afterSignal} ms after ${signal}`,
      ).toBeLessThan(2000);
      const stats = await serverLog();
      expect(stats.requests.map((r) => r.outcome)).toEqual([
        "aborted",
        "aborted",
        "aborted",
      ]);
      expect(stats.inFlight).toBe(0);
      expect(stats.openConnections).toBe(0);
    });
  },
);

describe("the original Python tutorial's hellos", () => {
  it("creating tasks: the second hello comes first, and the process ends by itself", async () => {
    const exit = await runProgram("say-hello", ["create-tasks"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toEqual(["second hello", "first hello"]);
    // The longer task waits 2 s, and the process ends by itself after it:
    // no signal, and long before the test's own kill. (Node's start-up on
    // a busy machine can take a second or more, so no tighter bound.)
    expect(exit.signal).toBeNull();
    expect(exit.ms, `exited after ${exit.ms} ms`).toBeGreaterThanOrEqual(2000);
    expect(exit.ms, `exited after ${exit.ms} ms`).toBeLessThan(6000);
  });

  it("stopping the loop: exit at 3 s drops the third hello, and the exit listener names it", async () => {
    const exit = await runProgram("say-hello", ["stop-loop"]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toEqual([
      "second hello",
      "first hello",
      'exit: "third hello" never ran',
    ]);
    // The exit at 3 s came before the third hello's 4 s: the output shows
    // it never ran, which no wall-clock bound on a busy machine could add.
    expect(exit.ms, `exited after ${exit.ms} ms`).toBeGreaterThanOrEqual(3000);
  });
});
