// The measuring runs, small: the ladder's rungs, the comparison with the
// Python original, and the full-size run's view of both ends.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { KB_PER_CONNECTION } from "../../src/lib/machine-check.ts";
import { readRecordedRun } from "../../src/lib/recordings.ts";
import { compareClients } from "./compare.ts";
import { climb, RUNGS } from "./ladder.ts";
import { pythonVersion } from "./python-client.ts";
import { tenThousand } from "./ten-thousand.ts";

describe("measuring clients in processes of their own", () => {
  test("TypeScript support and V8's optimizing compilers each cost a client process memory", async () => {
    const [asTypeScript, withCompilers, lean] = [
      RUNGS[0]!,
      RUNGS.at(-2)!,
      RUNGS.at(-1)!,
    ];
    const results = await climb({
      connections: 600,
      seconds: 1.5,
      rate: 4000,
      keepalive: 4,
      rungs: [asTypeScript, withCompilers, lean],
    });
    for (const { summary } of results) {
      expect(summary).toMatchObject({ connections: 600, errors: 0 });
    }
    const [ts, js] = [results[0]!, results[2]!].map((r) => r.summary.idleRssMb);
    const idle = `idle: ${ts!.toFixed(1)} MB as .ts, ${js!.toFixed(1)} MB as .mjs`;
    expect(ts! - js!, idle).toBeGreaterThan(10);
    const [compiled, interpreted] = [results[1]!, results[2]!].map(
      (r) => r.watched.maxRssMb ?? r.summary.rssMb,
    );
    const peak = `at most ${compiled!.toFixed(1)} MB with the compilers, ${interpreted!.toFixed(1)} MB without`;
    expect(compiled! - interpreted!, peak).toBeGreaterThan(6);
  });

  test("the full-size run sees both ends and the kernel agree on the count", async () => {
    const result = await tenThousand({
      connections: 500,
      seconds: 1.6,
      keepalive: 4,
      reportMs: 200,
      // All are open for a second: a late count is still a count of 500.
      lateMs: 800,
    });
    expect(result.summary).toMatchObject({ connections: 500, errors: 0 });
    expect(result.atPeak?.sample).toMatchObject({
      clientOpen: 500,
      serverOpen: 500,
    });
    // One socket at each end of each connection, and a few more for the
    // requests that ask the server for its count: on a busy machine several
    // of those are in flight at once, each on a connection of its own.
    const ends = result.atPeak?.kernel.connectionEnds;
    if (ends != null) {
      expect(ends, `${ends} sockets`).toBeGreaterThanOrEqual(1000);
      expect(ends, `${ends} sockets`).toBeLessThanOrEqual(1040);
    }
    expect(result.serverIdleRssMb).toBeGreaterThan(0);
  });
});

const python = pythonVersion();
describe.skipIf(python === null)(
  `beside the Python original${python === null ? " (skipped: python3 is not installed)" : ""}`,
  () => {
    test("both clients hold the same connections, each measured from outside", async () => {
      const { node, python: asyncio } = await compareClients({
        connections: 200,
        seconds: 2,
        keepalive: 4,
      });
      for (const run of [node, asyncio!]) {
        expect(run.summary).toMatchObject({ connections: 200, errors: 0 });
        expect(run.summary.responses).toBeGreaterThanOrEqual(200);
        // What /proc saw agrees with what the client said of itself.
        const ratio = run.maxRssMb / run.summary.rssMb;
        expect(
          ratio,
          `${run.maxRssMb} vs ${run.summary.rssMb}`,
        ).toBeGreaterThan(0.9);
        expect(ratio).toBeLessThan(1.1);
      }
    });
  },
);

test("the doctor's memory estimate is the ten-thousand run's recorded figures", () => {
  const recording = readRecordedRun(
    fileURLToPath(new URL(".", import.meta.url)),
    "ten-thousand",
  );
  const perConnection = recording.output
    .map((line) => /([\d.]+) KB a connection$/.exec(line)?.[1])
    .filter((kb) => kb !== undefined)
    .map(Number);
  // The client, the server and the kernel.
  expect(perConnection).toHaveLength(3);
  const sum = perConnection.reduce((a, b) => a + b, 0);
  expect(KB_PER_CONNECTION / sum).toBeGreaterThan(0.8);
  expect(KB_PER_CONNECTION / sum).toBeLessThan(1.25);
});

test("a spawned child's maxRSS counts its parent's memory at the fork; its VmHWM does not", async () => {
  // This process holds 200 MiB more while it spawns the child.
  const held = Buffer.alloc(200 * 2 ** 20, 1);
  const child = spawn(
    process.execPath,
    [
      "-e",
      "const hwm = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'));" +
        "console.log(JSON.stringify({ maxRss: process.resourceUsage().maxRSS, hwm: Number(hwm[1]) }))",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  await once(child, "exit");
  held[0] = 2;
  const { maxRss, hwm } = JSON.parse(out) as { maxRss: number; hwm: number };
  const message = `maxRSS ${Math.round(maxRss / 1024)} MB, VmHWM ${Math.round(hwm / 1024)} MB`;
  expect(maxRss / 1024, message).toBeGreaterThan(200);
  expect(hwm / 1024, message).toBeLessThan(120);
});
