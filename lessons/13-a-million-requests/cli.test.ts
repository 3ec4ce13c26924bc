import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";

const ctx = useServer();
const LOADGEN = new URL("../../src/cli/loadgen.ts", import.meta.url).pathname;

async function loadgen(...args: string[]) {
  const child = spawn(process.execPath, [LOADGEN, ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  const [code] = (await once(child, "exit")) as [number];
  return { code, stdout, stderr };
}

describe("npm run loadgen", () => {
  it("explains itself with --help and exits 0", async () => {
    const { code, stdout } = await loadgen("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run loadgen -- <url>/);
    expect(stdout).toMatch(/--rate R/);
    for (const line of stdout.split("\n")) {
      expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it("ends with one line of JSON carrying the figures, and draws no progress off a terminal", async () => {
    const { code, stdout, stderr } = await loadgen(
      `${ctx.server.url}/delay/0`,
      "--requests",
      "500",
      "--connections",
      "5",
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
    const last = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Record<
      string,
      unknown
    >;
    expect(last).toMatchObject({ requests: 500, errors: 0, connections: 5 });
    for (const key of [
      "seconds",
      "reqPerSec",
      "p50Ms",
      "p99Ms",
      "p999Ms",
      "maxRssMb",
      "cpuPercent",
    ]) {
      expect(typeof last[key], key).toBe("number");
    }
    expect(ctx.server.stats().totalRequests).toBe(500);
  });

  it("runs an open loop at the rate it is given", async () => {
    const { code, stdout } = await loadgen(
      `${ctx.server.url}/delay/0`,
      "-n",
      "40",
      "-c",
      "2",
      "--rate",
      "200",
    );
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
      mode: string;
      seconds: number;
    };
    expect(last.mode).toBe("open");
    // 40 requests due over 195 ms.
    expect(last.seconds, `${last.seconds} s`).toBeGreaterThan(0.17);
  });

  it("refuses a host that is not this machine unless told --allow-remote", async () => {
    const { code, stderr } = await loadgen("http://example.com/");
    expect(code).toBe(2);
    expect(stderr).toMatch(/example\.com is not this machine.*--allow-remote/s);
  });

  it("refuses counts out of bounds, with the bound", async () => {
    const { code, stderr } = await loadgen(
      `${ctx.server.url}/`,
      "--connections",
      "20000",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--connections must be a whole number from 1 to 10,000/,
    );
  });

  it("says so, with exit code 1, when nothing answers", async () => {
    const { code, stderr } = await loadgen(
      "http://127.0.0.1:9/",
      "-n",
      "2",
      "-c",
      "1",
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/nothing answered at http:\/\/127\.0\.0\.1:9\//);
  });
});
