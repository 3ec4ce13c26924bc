// The lesson's tools as a reader runs them: `npm run keepalive` against the
// bundled server, and `npm run doctor` on this machine.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";

const ctx = useServer();
const KEEPALIVE = fileURLToPath(
  new URL("../../src/cli/keepalive.ts", import.meta.url),
);
const DOCTOR = fileURLToPath(
  new URL("../../src/cli/doctor.ts", import.meta.url),
);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command (not blocking this process: the server lives here). */
async function run(
  file: string,
  args: string[],
  whenStarted?: (child: ReturnType<typeof spawn>) => void,
): Promise<Ran> {
  const child = spawn(process.execPath, [file, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  whenStarted?.(child);
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Record<
    string,
    unknown
  >;
}

describe("npm run keepalive", () => {
  test("holds its connections, prints progress lines, and ends with JSON", async () => {
    const ran = await run(KEEPALIVE, [
      `${ctx.server.url}/`,
      "-c",
      "50",
      "-s",
      "2",
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const summary = lastJson(ran.stdout);
    expect(summary).toMatchObject({ connections: 50, errors: 0 });
    expect(summary["responses"]).toBeGreaterThanOrEqual(50);
    for (const field of ["rssMb", "cpuPercent", "requestsPerSecond"]) {
      expect(typeof summary[field], field).toBe("number");
    }
    // Not a terminal: plain progress lines, one a second.
    expect(ran.stdout).toMatch(/^ +1\.\d s {2}open 50 {2}req\/s/m);
    expect(ctx.server.stats().totalConnections).toBe(50);
  });

  test("stops on Ctrl-C and still reports", async () => {
    const started = performance.now();
    const ran = await run(
      KEEPALIVE,
      [`${ctx.server.url}/`, "-c", "20", "-s", "60", "--json"],
      (child) => {
        // Once it reports, the client is running: interrupt it.
        child.stdout?.once("data", () => child.kill("SIGINT"));
      },
    );
    const ms = performance.now() - started;
    expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(20_000);
    expect(ran.code).toBe(130);
    expect(lastJson(ran.stdout)).toMatchObject({ connections: 20 });
  });

  test("refuses a host that is not this machine, and says why", async () => {
    const ran = await run(KEEPALIVE, ["http://example.com/"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/example\.com is not this machine/);
    expect(ran.stderr).toMatch(/--allow-remote/);
  });

  test("refuses more connections than its limits allow, in words", async () => {
    const ran = await run(KEEPALIVE, [`${ctx.server.url}/`, "-c", "200000"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /--connections must be a whole number from 1 to 100,000/,
    );
  });

  test("explains itself with --help", async () => {
    const ran = await run(KEEPALIVE, ["--help"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^usage: npm run keepalive -- <url>/);
    expect(ran.stdout).toMatch(/--keepalive K/);
  });
});

describe("npm run doctor", () => {
  test("checks the machine and ends with a verdict", async () => {
    const ran = await run(DOCTOR, ["--connections", "1000"]);
    const lines = ran.stdout.trim().split("\n");
    expect(lines[0]).toBe("Checking this machine for 1,000 connections:");
    expect(lines).toContainEqual(expect.stringMatching(/^✓ Node v24\./));
    expect(lines).toContainEqual(expect.stringMatching(/open-file limit/));
    expect(lines.at(-1)).toMatch(/^(Ready|Not ready) for 1,000 connections/);
    expect(ran.code).toBe(lines.at(-1)?.startsWith("Ready") ? 0 : 1);
  });

  test("fails a count no process here can hold, and says what to change", async () => {
    const ran = await run(DOCTOR, ["--connections", "100000000", "--json"]);
    expect(ran.code).toBe(1);
    const { findings } = JSON.parse(ran.stdout) as {
      findings: { status: string; title: string; advice?: string }[];
    };
    const failed = findings.filter((f) => f.status === "fail");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => (f.advice ?? "").length > 20)).toBe(true);
  });
});
