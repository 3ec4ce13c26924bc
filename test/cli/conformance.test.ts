// `npm run conformance`: its arguments, and runs against the solution (a .ts
// file), a wrong server (HOST:PORT), a server written in Python, and no
// server at all.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import {
  parseConformanceArgs,
  parseHostPort,
} from "../../src/cli/conformance.ts";
import { startLineServer as perChunk } from "../../lessons/09-echo-server/exercise/wrong/per-chunk.ts";
import { lastJson, runCli } from "./cli-process.ts";

const SOLUTION = "lessons/09-echo-server/exercise/solution.ts";

describe("npm run conformance: its arguments", () => {
  it("reads HOST:PORT, with brackets around an IPv6 address", () => {
    expect(parseHostPort("127.0.0.1:9000")).toEqual({
      host: "127.0.0.1",
      port: 9000,
    });
    expect(parseHostPort("[::1]:9000")).toEqual({ host: "::1", port: 9000 });
    expect(parseHostPort("localhost:0")).toBeNull();
    expect(parseHostPort("lessons/x.ts")).toBeNull();
  });

  it("takes a suite, a target, a case and a number of clients", () => {
    expect(
      parseConformanceArgs(["echo", "127.0.0.1:9000", "--case", "quit"]),
    ).toEqual({
      suite: "echo",
      target: "127.0.0.1:9000",
      caseId: "quit",
      clients: 20,
    });
  });

  it.each([
    [[], /give a suite and a target/],
    [["http", "127.0.0.1:1"], /no suite "http"; the suites are: echo/],
    [
      ["echo", "127.0.0.1:1", "--case", "nope"],
      /no case "nope"; the cases are: hello/,
    ],
    [["echo", "127.0.0.1:1", "--clients", "0"], /--clients must be/],
  ])("refuses %j with a usage error", (argv, message) => {
    expect(() => parseConformanceArgs(argv)).toThrow(UsageError);
    expect(() => parseConformanceArgs(argv)).toThrow(message);
  });
});

describe("npm run conformance: runs", () => {
  it("passes every case of the solution, shutdown included, and exits 0", async () => {
    const end = await runCli("conformance", ["echo", SOLUTION]).exited;
    expect(end.code, end.stdout + end.stderr).toBe(0);
    expect(end.stdout).toMatch(/^✓ shutdown/m);
    expect(lastJson(end.stdout)).toMatchObject({
      suite: "echo",
      failed: 0,
      skipped: 0,
      passed: 28,
    });
  });

  it("fails a wrong server at HOST:PORT, with a command that replays each failure", async () => {
    const server = await perChunk();
    const target = `127.0.0.1:${server.port}`;
    try {
      const end = await runCli("conformance", ["echo", target]).exited;
      expect(end.code).toBe(1);
      expect(end.stdout).toMatch(/^✗ merged/m);
      const replay = `npm run conformance -- echo ${target} --case merged`;
      expect(end.stdout).toContain(`replay: ${replay}`);
      expect(end.stdout).toMatch(/^- shutdown {2}skipped/m);
      expect(lastJson(end.stdout)).toMatchObject({ skipped: 1 });
      expect(lastJson(end.stdout)["failures"]).toContain("merged");

      const again = await runCli("conformance", [
        "echo",
        target,
        "--case",
        "merged",
      ]).exited;
      expect(again.code).toBe(1);
      expect(lastJson(again.stdout)).toMatchObject({
        passed: 0,
        failed: 1,
        failures: ["merged"],
      });
    } finally {
      await server.close();
    }
  });

  it("says so when nothing listens at the target", async () => {
    const end = await runCli("conformance", ["echo", "127.0.0.1:1"]).exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(
      /cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    );
  });
});

// The protocol, written in Python with asyncio: a server in another
// language, as a learner might write one.
const PYTHON_LINE_SERVER = String.raw`
import asyncio, re
async def handle(reader, writer):
    n = 0
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                break
            line = raw.decode()
            if line.endswith("\n"):
                line = line[:-1].removesuffix("\r")
            if line == "QUIT":
                writer.write(b"BYE\n")
                break
            n += 1
            sleep = re.fullmatch(r"SLEEP (\d{1,4})", line)
            if sleep and int(sleep[1]) <= 5000:
                await asyncio.sleep(int(sleep[1]) / 1000)
            writer.write(f"{n}: {line}\n".encode())
            await writer.drain()
    finally:
        writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
`;

const hasPython = spawnSync("python3", ["--version"]).status === 0;
const children: { kill(): void }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe.skipIf(!hasPython)("npm run conformance: another language", () => {
  it(`passes a Python asyncio server of the protocol${hasPython ? "" : " (skipped: python3 is not on PATH)"}`, async () => {
    const python = spawn("python3", ["-c", PYTHON_LINE_SERVER], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(python);
    // Its first line is the port it listens on.
    const lines = createInterface({ input: python.stdout });
    const [port] = (await once(lines, "line")) as [string];
    lines.close();
    const end = await runCli("conformance", ["echo", `127.0.0.1:${port}`])
      .exited;
    expect(end.code, end.stdout).toBe(0);
    expect(lastJson(end.stdout)).toMatchObject({
      passed: 27,
      failed: 0,
      skipped: 1,
    });
  });
});
