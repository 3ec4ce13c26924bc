// `npm run loadgen -- URL [--requests N] [--connections C] [--rate R]`: the
// load generator of lesson 13 as a tool. It sends to loopback only unless
// told otherwise, stops by itself, shows progress on a terminal, and ends
// its output with one line of JSON.
import { formatMs } from "../lib/format.ts";
import {
  runLoad,
  type LoadOptions,
  type LoadReport,
  type Progress,
} from "../../lessons/13-a-million-requests/loadgen.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { CliError, runCli } from "./cli-error.ts";
import { loadTarget } from "./load-target.ts";

export const LIMITS = {
  requests: { default: 10_000, max: 10_000_000 },
  connections: { default: 10, max: 10_000 },
  duration: { max: 600 },
  rate: { max: 1_000_000 },
  timeout: { default: 10_000, max: 600_000 },
};

const fmt = (n: number): string => n.toLocaleString("en-US");

export const LOADGEN_COMMAND = defineCommand({
  command: "npm run loadgen",
  usage: "<url> [-n N] [-c C] [--rate R] [--duration S]",
  summary:
    "Sends HTTP/1.1 requests to one URL over keep-alive connections, each\n" +
    "with one request in flight at most, and reports requests per second and\n" +
    "latency percentiles (from an HDR histogram). Closed loop by default:\n" +
    "each connection sends its next request when the last one is answered.\n" +
    "With --rate, an open loop: requests fall due at a constant rate, and\n" +
    "each one's latency counts from when it was due, not from when a free\n" +
    "connection sent it. The last line of output is a JSON object.",
  argumentsHelp: [
    "<url>  http://HOST:PORT/path; loopback only unless --allow-remote",
  ],
  options: {
    requests: {
      type: "string",
      short: "n",
      value: "N",
      example: "100000",
      description:
        `requests in all (default ${fmt(LIMITS.requests.default)}, at most ` +
        `${fmt(LIMITS.requests.max)};\nnone with --duration alone)`,
    },
    connections: {
      type: "string",
      short: "c",
      value: "C",
      example: "100",
      description:
        `connections, one request in flight each (default ` +
        `${LIMITS.connections.default},\nat most ${fmt(LIMITS.connections.max)})`,
    },
    duration: {
      type: "string",
      short: "d",
      value: "S",
      example: "10",
      description: `stop sending after S seconds (at most ${LIMITS.duration.max})`,
    },
    rate: {
      type: "string",
      short: "r",
      value: "R",
      example: "5000",
      description:
        "open loop: R requests per second, latency counted from\nwhen each was due",
    },
    method: {
      type: "string",
      value: "GET|HEAD",
      example: "HEAD",
      description: "the request method (default GET)",
    },
    timeout: {
      type: "string",
      value: "MS",
      example: "2000",
      description:
        `a request unanswered after MS ms is an error\n(default ` +
        `${fmt(LIMITS.timeout.default)})`,
    },
    "allow-remote": {
      type: "boolean",
      description: "send to a host that is not this machine (yours only!)",
    },
  },
  examples: [
    "npm run loadgen -- http://127.0.0.1:8080/delay/0",
    "npm run loadgen -- http://127.0.0.1:8080/delay/0 -n 1000000 -c 100",
    "npm run loadgen -- http://127.0.0.1:8080/delay/0 --rate 5000 -d 10",
  ],
  notes: [
    "JSON fields: requests (responses, any status), errors (no response:",
    "refused, reset, timed out), non2xx, seconds, reqPerSec, p50Ms, p99Ms,",
    "p999Ms, maxMs, peakInFlight, maxRssMb, cpuPercent, and more. Ctrl-C",
    "stops it and reports what it measured.",
  ],
  maxPositionals: 1,
});

/** A whole number from 1 to `max`, or a usage error naming the option. */
function count(name: string, raw: string | undefined, max: number) {
  if (raw === undefined) return undefined;
  const value = /^\d[\d_,]*$/.test(raw)
    ? Number(raw.replace(/[_,]/g, ""))
    : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw usageError(
      LOADGEN_COMMAND,
      `--${name} must be a whole number from 1 to ${fmt(max)}, not '${raw}'`,
    );
  }
  return value;
}

/** The options for `runLoad` that a command line asks for. */
export function loadOptions(argv: string[]): LoadOptions | undefined {
  const parsed = readCommandLine(LOADGEN_COMMAND, argv);
  if (parsed === undefined) return undefined;
  const { values } = parsed;
  const url = loadTarget(LOADGEN_COMMAND, parsed.positionals[0], {
    example: "http://127.0.0.1:8080/delay/0",
    allowRemote: values["allow-remote"] === true,
    sends: "a load test is sent",
  });
  const durationS = count("duration", values.duration, LIMITS.duration.max);
  const requests =
    count("requests", values.requests, LIMITS.requests.max) ??
    (durationS === undefined ? LIMITS.requests.default : undefined);
  const method = values.method?.toUpperCase() ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    throw usageError(
      LOADGEN_COMMAND,
      `--method is GET or HEAD, not ${values.method}`,
    );
  }
  const rate = count("rate", values.rate, LIMITS.rate.max);
  const timeoutMs = count("timeout", values.timeout, LIMITS.timeout.max);
  return {
    url,
    connections:
      count("connections", values.connections, LIMITS.connections.max) ??
      LIMITS.connections.default,
    ...(requests !== undefined && { requests }),
    ...(durationS !== undefined && { durationMs: durationS * 1000 }),
    ...(rate !== undefined && { rate }),
    method,
    timeoutMs: timeoutMs ?? LIMITS.timeout.default,
  };
}

function progressLine(p: Progress, options: LoadOptions): string {
  const seconds = p.elapsedMs / 1000;
  const of =
    options.requests === undefined ? "" : ` of ${fmt(options.requests)}`;
  const rps = seconds > 0 ? Math.round(p.responses / seconds) : 0;
  return (
    `${fmt(p.responses)}${of} answered, ${fmt(rps)} req/s, ` +
    `${fmt(p.errors)} errors, ${fmt(p.inFlight)} in flight, ` +
    formatMs(p.elapsedMs)
  );
}

/** The human-readable lines above the JSON. */
export function summaryLines(report: LoadReport): string[] {
  const loop =
    report.mode === "open"
      ? `open loop at ${fmt(report.rate ?? 0)} req/s`
      : "closed loop";
  const lines = [
    `${fmt(report.requests)} responses in ${formatMs(report.seconds * 1000)} ` +
      `over ${fmt(report.connections)} connections (${loop}): ` +
      `${fmt(report.reqPerSec)} req/s`,
    `errors ${fmt(report.errors)}, non-2xx ${fmt(report.non2xx)}, ` +
      `peak in flight ${fmt(report.peakInFlight)}`,
    `latency p50 ${formatMs(report.p50Ms)}, p99 ${formatMs(report.p99Ms)}, ` +
      `p99.9 ${formatMs(report.p999Ms)}, max ${formatMs(report.maxMs)}`,
  ];
  if (report.mode === "open") {
    lines.push(
      `from when each was sent instead of due (hides the queueing): ` +
        `p99 ${formatMs(report.service.p99Ms)}, ` +
        `p99.9 ${formatMs(report.service.p999Ms)}`,
    );
  }
  if (report.aborted) lines.push("stopped early (Ctrl-C)");
  return lines;
}

/** What this process cost: its peak memory and its share of one core. */
export interface Resources {
  maxRssMb: number;
  cpuPercent: number;
}

/** The JSON line: the report without its histogram and series. */
export function jsonLine(report: LoadReport, resources: Resources): string {
  const { histogram: _histogram, perSecond: _perSecond, ...rest } = report;
  return JSON.stringify({ ...rest, ...resources });
}

async function main(): Promise<void> {
  const options = loadOptions(process.argv.slice(2));
  if (options === undefined) return;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const tty = process.stderr.isTTY === true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let report: LoadReport;
  try {
    report = await runLoad({
      ...options,
      signal: controller.signal,
      ...(tty && {
        tickMs: 250,
        onTick: (p: Progress) => {
          process.stderr.write(`\r\x1b[2K${progressLine(p, options)}`);
        },
      }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new CliError(
        `the host name ${new URL(options.url).hostname} does not resolve`,
      );
    }
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (tty) process.stderr.write("\r\x1b[2K");
  }
  const cpu = process.cpuUsage(cpuBefore);
  const resources = {
    // `maxRSS` is in kilobytes.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuPercent: Math.round(
      (cpu.user + cpu.system) / 10 / (performance.now() - started),
    ),
  };
  for (const line of summaryLines(report)) console.log(line);
  console.log(
    `this process: peak RSS ${resources.maxRssMb} MB, ` +
      `CPU ${resources.cpuPercent} % of one core`,
  );
  console.log(jsonLine(report, resources));
  if (report.aborted) process.exitCode = 130;
  else if (report.requests === 0 && report.errors > 0) {
    process.stderr.write(`error: nothing answered at ${String(options.url)}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await runCli(main);
