import { describe, expect, it } from "vitest";
import { runProgram, type CliProcess } from "../cli/cli-process.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();
const MAIN = new URL("../../src/server/main.ts", import.meta.url);

function runServerCli(args: string[]): CliProcess {
  return runProgram(MAIN, args);
}

describe("npm run server", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "prints its URLs and routes, serves, and exits 0 on %s",
    async (signal) => {
      const cli = runServerCli(["--port", "0", "--echo-port", "0"]);
      const banner = await cli.printed(/Press Ctrl-C to stop\./);
      const url = /HTTP {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
      expect(banner).toMatch(/echo {2}tcp:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toContain("/delay/:ms");
      expect(await (await fetch(`${url}/delay/0`)).text()).toBe(
        "waited 0 ms\n",
      );
      cli.kill(signal);
      const end = await cli.exited;
      expect(end.code, end.stderr).toBe(0);
      expect(end.stdout).toContain("Server stopped.");
    },
  );

  it("explains a busy port without a stack trace and exits 1", async () => {
    const end = await runServerCli([
      "--port",
      String(ctx.server.port),
      "--echo-port",
      "0",
    ]).exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toContain(
      `port ${ctx.server.port} (HTTP) is already in use`,
    );
    expect(end.stderr).toContain("--port 0 picks a free one");
    expect(end.stderr).not.toMatch(/^\s+at /m);
  });

  it("explains a host that is not this machine's, without a stack trace", async () => {
    // 192.0.2.1 is reserved for documentation: no machine has it.
    const end = await runServerCli(["--host", "192.0.2.1", "--port", "0"])
      .exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toBe(
      "Cannot start: 192.0.2.1 is not an address of this machine; " +
        "use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).\n",
    );
  });

  it("answers a mistyped option in its own words, with the option it meant", async () => {
    const end = await runServerCli(["--prot", "9"]).exited;
    expect(end.code).toBe(2);
    expect(end.stderr).toContain(
      "unknown option --prot (did you mean --port?)",
    );
    expect(end.stderr).toContain("usage: npm run server --");
  });

  it("answers a bad flag with the reason and the usage", async () => {
    const end = await runServerCli(["--port", "http"]).exited;
    expect(end.code).toBe(2);
    expect(end.stderr).toContain(
      "--port must be a port number from 0 to 65535, got 'http'",
    );
    expect(end.stderr).toContain("Usage: npm run server");
  });
});
