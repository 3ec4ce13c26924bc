// `npm run bench -- keepalive`: lesson 12's keep-alive client against the
// original Python tutorial's asyncio client (asyncli.py), at 10,000
// connections. The bundled server runs in a process of its own; then the
// Node client and the Python client run one after the other against it,
// with the same connections, seconds and pauses, each in its own process,
// and each is measured from outside the same way: its peak resident memory
// (VmHWM in /proc) and its CPU time (what the kernel adds to this process's
// children's time when it reaps one). Target: less memory and less CPU.
//
// Run it directly to change the figures:
//   node src/cli/bench-keepalive.ts --connections 2000 --seconds 10
import { availableParallelism, loadavg } from "node:os";
import {
  compareClients,
  type ClientRun,
} from "../../lessons/12-ten-thousand-connections/compare.ts";
import { pythonVersion } from "../../lessons/12-ten-thousand-connections/python-client.ts";
import { formatMs } from "../lib/format.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { CliError, runCli } from "./cli-error.ts";
import { readMachine, whyNot } from "./keepalive.ts";

export interface BenchSettings {
  connections: number;
  seconds: number;
  keepalive: number;
}

// 30 s per client: the original's ramp sleeps 10 ms after every tenth
// connection and slips when its loop is busy, so it needs more than the
// 10 s of a ramp that keeps to the clock. Pauses of 1 to 10 s (-k 20):
// with 1 or 2 s (-k 4), ten thousand connections ask for over 6,000
// responses a second, and on a two-core machine the asyncio client runs
// out of CPU before it has them all open (try it with -k 4 -s 20).
export const DEFAULTS: BenchSettings = {
  connections: 10_000,
  seconds: 30,
  keepalive: 20,
};

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

function row(label: string, run: ClientRun, wanted: number): string {
  const { summary: s } = run;
  const ramp = s.rampMs === null ? "never" : formatMs(s.rampMs);
  return (
    `  ${label.padEnd(15)} ${fmt(s.connections).padStart(6)} of ` +
    `${fmt(wanted)} open (all after ${ramp}), ` +
    `${fmt(s.responses / s.seconds)} responses/s, ${fmt(s.errors)} errors\n` +
    `  ${"".padEnd(15)} max RSS ${run.maxRssMb.toFixed(1)} MB, CPU ` +
    `${run.cpuPercent.toFixed(1)} % of one core` +
    (run.serverCpuPercent === null
      ? ""
      : ` (the server: ${run.serverCpuPercent.toFixed(0)} %)`) +
    `; it reported ${s.rssMb.toFixed(1)} MB and ${s.cpuPercent.toFixed(1)} %`
  );
}

/** The comparison and whether the Node client met its target. */
export function verdict(
  node: ClientRun,
  python: ClientRun,
  wanted: number,
): { lines: string[]; passed: boolean } {
  const rssRatio = node.maxRssMb / python.maxRssMb;
  const cpuRatio = node.cpuPercent / python.cpuPercent;
  const lines = [
    `ratio node/python: memory ${rssRatio.toFixed(2)}, CPU ` +
      `${cpuRatio.toFixed(2)} (target: both below 1)`,
  ];
  // Python short of N is still a comparison, against Python: it needs
  // more memory and CPU the more connections it holds. Node short of N
  // is not.
  if (python.summary.connections < wanted) {
    lines.push(
      `python reached only ${fmt(python.summary.connections)} of ` +
        `${fmt(wanted)} connections in the time (its ramp slips when its ` +
        "loop is busy): at the full count it would need more still",
    );
  }
  const nodeShort = node.summary.connections < wanted;
  if (nodeShort) {
    lines.push(
      `node reached only ${fmt(node.summary.connections)} of ` +
        `${fmt(wanted)} connections: not a comparison at ${fmt(wanted)} ` +
        "(a busy machine? see its errors)",
    );
  }
  const passed = !nodeShort && rssRatio < 1 && cpuRatio < 1;
  lines.push(passed ? "PASS" : "BELOW");
  return { lines, passed };
}

export async function benchKeepalive(
  settings: BenchSettings = DEFAULTS,
): Promise<boolean> {
  const { connections, seconds, keepalive } = settings;
  const python = pythonVersion();
  if (python === null) {
    throw new CliError(
      "python3 is not installed: the benchmark compares with the Python client",
    );
  }
  const problem = whyNot(connections, 1, readMachine());
  if (problem !== null) throw new CliError(problem);
  const [one] = loadavg();
  console.log(
    `Keep-alive benchmark: ${fmt(connections)} connections, 10 new every ` +
      `10 ms, HEAD after pauses of 1 to ${Math.floor(keepalive / 2)} s, ` +
      `${seconds} s per client, against the bundled server in its own ` +
      `process.\nNode ${process.version} and ${python}; load average ` +
      `${(one ?? 0).toFixed(1)} on ${availableParallelism()} cores before ` +
      "the first run.",
  );
  const { node, python: asyncio } = await compareClients(settings);
  console.log(row("node (lean)", node, connections));
  if (asyncio === null) throw new Error("the Python client did not run");
  console.log(row("python asyncio", asyncio, connections));
  const { lines, passed } = verdict(node, asyncio, connections);
  for (const line of lines) console.log(line);
  return passed;
}

const COMMAND = defineCommand({
  command: "node src/cli/bench-keepalive.ts",
  usage: "[-c N] [-s S] [-k K]",
  summary:
    "Lesson 12's keep-alive client against the original Python tutorial's\n" +
    "asyncio client, one after the other against the bundled server: max\n" +
    "RSS and CPU of each, and the ratios. `npm run bench -- keepalive` runs\n" +
    "it with the defaults.",
  options: {
    connections: {
      type: "string",
      short: "c",
      value: "N",
      example: "2000",
      description: `connections (default ${fmt(DEFAULTS.connections)})`,
    },
    seconds: {
      type: "string",
      short: "s",
      value: "S",
      example: "10",
      description: `seconds per client (default ${DEFAULTS.seconds})`,
    },
    keepalive: {
      type: "string",
      short: "k",
      value: "K",
      example: "4",
      description: `pauses of 1 to K/2 s (default ${DEFAULTS.keepalive})`,
    },
  },
});

function positive(name: string, raw: string | undefined, fallback: number) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw usageError(COMMAND, `--${name} must be a whole number, not ${raw}`);
  }
  return value;
}

async function main(): Promise<void> {
  const parsed = readCommandLine(COMMAND);
  if (parsed === undefined) return;
  const { values } = parsed;
  const settings = {
    connections: positive(
      "connections",
      values.connections,
      DEFAULTS.connections,
    ),
    seconds: positive("seconds", values.seconds, DEFAULTS.seconds),
    keepalive: Math.max(
      2,
      positive("keepalive", values.keepalive, DEFAULTS.keepalive),
    ),
  };
  if (!(await benchKeepalive(settings))) process.exitCode = 1;
}

if (import.meta.main) await runCli(main);
