import { once } from "node:events";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenAdvice, parseFlags } from "../../src/cli/echo-server.ts";
import { UsageError } from "../../src/cli/args.ts";
import { connectTo, echo } from "../../lessons/09-echo-server/echo-client.ts";
import { lastJson, runCli, type CliProcess } from "./cli-process.ts";

const running: CliProcess[] = [];
afterEach(() => {
  for (const cli of running.splice(0)) cli.kill("SIGKILL");
});

function start(args: string[]): CliProcess {
  const cli = runCli("echo-server", args);
  running.push(cli);
  return cli;
}

const LISTENING = /listening on 127\.0\.0\.1:(\d+)/;

async function portOf(cli: CliProcess): Promise<number> {
  return Number(LISTENING.exec(await cli.printed(LISTENING))?.[1]);
}

describe("npm run echo-server: its flags", () => {
  it("has bounded defaults, the asyncio tutorial's port among them", () => {
    expect(parseFlags([])).toEqual({
      host: "127.0.0.1",
      port: 8888,
      maxConnections: 1000,
      idleTimeoutS: 300,
      graceS: 2,
      log: 100,
    });
  });

  it.each([
    [["--port", "70000"], /--port must be a whole number from 0 to 65535/],
    [["--max-connections", "0"], /--max-connections must be/],
    [["--grace", "soon"], /--grace must be a whole number from 0 to 60/],
    [["--prot", "1"], /unknown option --prot \(did you mean --port\?\)/],
  ])("refuses %j with a usage error", (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(UsageError);
    expect(() => parseFlags(argv)).toThrow(message);
  });

  it("says which port is busy and what to do about it", () => {
    const advice = listenAdvice(
      Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" }),
      { host: "127.0.0.1", port: 8888 },
    );
    expect(advice).toMatch(/port 8888 on 127\.0\.0\.1 is already in use/);
    expect(advice).toMatch(/--port N \(--port 0 picks a free one\)/);
  });
});

describe("npm run echo-server: the running tool", () => {
  it("prints its address, echoes, and on Ctrl-C ends every connection and exits 0", async () => {
    const cli = start(["--port", "0"]);
    const port = await portOf(cli);
    expect((await echo("127.0.0.1", port, "hello")).toString()).toBe("hello");
    // An idle client stays connected; Ctrl-C must end it, not wait for it.
    const idle = await connectTo("127.0.0.1", port);
    await cli.printed(
      /\+ 127\.0\.0\.1:\d+ \(1 open\)\n(.|\n)*\+ 127\.0\.0\.1:\d+ \(1 open\)/,
    );
    const fin = once(idle, "end");
    cli.kill("SIGINT");
    await fin;
    const end = await cli.exited;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toContain("Closed: 1 ended cleanly, 0 cut off.");
    expect(lastJson(end.stdout)).toMatchObject({
      connections: 2,
      bytes: 5,
      ended: 1,
      destroyed: 0,
    });
  });

  it("cuts off a client that never closes its side, after --grace", async () => {
    const cli = start(["--port", "0", "--grace", "1", "--log", "0"]);
    const port = await portOf(cli);
    const { createConnection } = await import("node:net");
    const stubborn = createConnection({
      port,
      host: "127.0.0.1",
      allowHalfOpen: true,
    });
    await once(stubborn, "connect");
    stubborn.write("x");
    await once(stubborn, "data");
    const started = performance.now();
    cli.kill("SIGTERM");
    const end = await cli.exited;
    const ms = performance.now() - started;
    expect(end.code, end.stderr).toBe(0);
    expect(lastJson(end.stdout)).toMatchObject({ ended: 0, destroyed: 1 });
    expect(ms, `exited ${ms.toFixed(0)} ms after SIGTERM`).toBeGreaterThan(900);
    stubborn.destroy();
  });

  it("explains a busy port in words and exits 1", async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const end = await start(["--port", String(port)]).exited;
      expect(end.code).toBe(1);
      expect(end.stderr).toContain(
        `port ${port} on 127.0.0.1 is already in use`,
      );
      expect(end.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });

  it("answers --help and exits 0", async () => {
    const end = await start(["--help"]).exited;
    expect(end.code).toBe(0);
    expect(end.stdout).toMatch(/usage: npm run echo-server -- /);
    expect(end.stdout).toContain("--grace S");
  });
});
