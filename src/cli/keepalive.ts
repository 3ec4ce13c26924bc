// `npm run keepalive -- URL [--connections N] [--seconds S]`: the keep-alive
// benchmark client of lesson 12 as a tool. It ramps up to N connections, 10
// new ones every 10 ms, each sending HEAD at random pauses so that the
// server keeps it open; shows live gauges on a terminal (plain progress
// lines otherwise); stops by itself; and ends its output with one line of
// JSON. It sends to loopback only unless told otherwise.
//
// The client runs in a child process of its own, as plain JavaScript: this
// process draws, that one holds the connections, and the figures are its.
import {
  startClientProcess,
  type Progress,
  type Summary,
} from "../../lessons/12-ten-thousand-connections/client-process.ts";
import type { ProcessOptions } from "../../lessons/12-ten-thousand-connections/keepalive-process.ts";
import { pauseOfKeepalive } from "../../lessons/12-ten-thousand-connections/keepalive-client.ts";
import { formatMs } from "../lib/format.ts";
import { parseFileLimit, parsePortRange, readProc } from "../lib/linux-proc.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { CliError, runCli } from "./cli-error.ts";
import { loadTarget } from "./load-target.ts";

export const LIMITS = {
  connections: { default: 10_000, max: 100_000 },
  seconds: { default: 20, max: 600 },
  keepalive: { default: 4, min: 2, max: 120 },
  rate: { default: 1000, max: 20_000 },
  sources: { default: 1, max: 254 },
};

// Descriptors a Node process holds besides its sockets (stdio, the event
// loop's own, a few for V8): a margin under the open-file limit.
const SPARE_FILES = 64;

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

export const KEEPALIVE_COMMAND = defineCommand({
  command: "npm run keepalive",
  usage: "<url> [-c N] [-s S] [-k K]",
  summary:
    "Opens N keep-alive connections to one URL, 10 new ones every 10 ms (the\n" +
    "original Python tutorial's ramp), and keeps each one open by sending\n" +
    "HEAD on it after a random pause of 1 to K/2 whole seconds, until S\n" +
    "seconds have passed. Shows open connections, requests/s, errors, and\n" +
    "the client's memory, CPU, event-loop delay and open files as it goes.\n" +
    "The last line of output is a JSON object.",
  argumentsHelp: [
    "<url>  http://HOST:PORT/path; loopback only unless --allow-remote",
  ],
  options: {
    connections: {
      type: "string",
      short: "c",
      value: "N",
      example: "2000",
      description:
        `connections in all (default ${fmt(LIMITS.connections.default)}, ` +
        `at most ${fmt(LIMITS.connections.max)})`,
    },
    seconds: {
      type: "string",
      short: "s",
      value: "S",
      example: "10",
      description:
        `stop after S seconds, ramp included (default ` +
        `${LIMITS.seconds.default}, at most ${LIMITS.seconds.max})`,
    },
    keepalive: {
      type: "string",
      short: "k",
      value: "K",
      example: "4",
      description:
        `pause 1 to K/2 whole seconds between HEADs, as the original's\n` +
        `-k (default ${LIMITS.keepalive.default}: 1 or 2 s; from ` +
        `${LIMITS.keepalive.min} to ${LIMITS.keepalive.max})`,
    },
    rate: {
      type: "string",
      short: "r",
      value: "R",
      example: "2000",
      description:
        `new connections per second (default ${fmt(LIMITS.rate.default)}, ` +
        `at most ${fmt(LIMITS.rate.max)})`,
    },
    sources: {
      type: "string",
      value: "A",
      example: "2",
      description:
        "spread the connections over A source addresses, 127.0.0.1 to\n" +
        "127.0.0.A: each has its own ephemeral ports (loopback only)",
    },
    json: {
      type: "boolean",
      description: "print progress as JSON lines too, one a report",
    },
    "allow-remote": {
      type: "boolean",
      description: "send to a host that is not this machine (yours only!)",
    },
  },
  examples: [
    "npm run keepalive -- http://127.0.0.1:8080/",
    "npm run keepalive -- http://127.0.0.1:8080/ -c 2000 -s 10",
    "npm run keepalive -- http://127.0.0.1:8080/ -c 40000 --sources 2",
  ],
  notes: [
    "JSON fields: connections (the most open at once), responses (2xx),",
    "errors, errorKinds, rampMs (when all N were open), seconds,",
    "requestsPerSecond, rssMb (the client process's peak resident memory),",
    "cpuPercent (its CPU time over the run, as a share of one core),",
    "loopDelayMaxMs, openFilesPeak. Ctrl-C stops it and reports.",
  ],
  maxPositionals: 1,
});

/** A whole number from `min` to `max`, or a usage error naming the option. */
function whole(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d[\d_,]*$/.test(raw)
    ? Number(raw.replace(/[_,]/g, ""))
    : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw usageError(
      KEEPALIVE_COMMAND,
      `--${name} must be a whole number from ${fmt(min)} to ${fmt(max)}, not '${raw}'`,
    );
  }
  return value;
}

export interface Machine {
  /** This process's open-file limit (the child's is the same). */
  fileLimit: { soft: number; hard: number } | null;
  /** How many ephemeral ports connect() may pick from. */
  ports: number | null;
}

export function readMachine(): Machine {
  const limits = readProc("/proc/self/limits");
  const range = readProc("/proc/sys/net/ipv4/ip_local_port_range");
  return {
    fileLimit: limits === null ? null : parseFileLimit(limits),
    ports: range === null ? null : parsePortRange(range).count,
  };
}

/**
 * Why this machine cannot hold `connections` in one client process from
 * `sources` addresses, in words with what to do; null if it can.
 */
export function whyNot(
  connections: number,
  sources: number,
  machine: Machine,
): string | null {
  const soft = machine.fileLimit?.soft;
  if (soft !== undefined && connections + SPARE_FILES > soft) {
    const hard = machine.fileLimit?.hard ?? soft;
    return (
      `one process may open ${fmt(soft)} files here, and ${fmt(connections)} ` +
      `connections need about ${fmt(connections + SPARE_FILES)}.\n` +
      (hard > soft
        ? `Raise the soft limit (ulimit -n ${hard}) in this shell, or `
        : "The hard limit is the same, so: ") +
      `run two or more clients with fewer connections each (the server, in ` +
      `its own process, needs as many again under its own limit).`
    );
  }
  const ports = machine.ports;
  if (ports !== null && connections > ports * sources) {
    const needed = Math.ceil(connections / ports);
    return (
      `each source address has ${fmt(ports)} ephemeral ports here ` +
      `(net.ipv4.ip_local_port_range), and one connection to one server ` +
      `port takes one of them.\nAdd --sources ${needed} to spread ` +
      `${fmt(connections)} connections over 127.0.0.1 to 127.0.0.${needed}.`
    );
  }
  return null;
}

export interface KeepaliveCommand {
  options: ProcessOptions;
  json: boolean;
}

/** The client's options that a command line asks for. */
export function keepaliveOptions(
  argv: string[],
  machine: Machine = readMachine(),
): KeepaliveCommand | undefined {
  const parsed = readCommandLine(KEEPALIVE_COMMAND, argv);
  if (parsed === undefined) return undefined;
  const { values } = parsed;
  const url = loadTarget(KEEPALIVE_COMMAND, parsed.positionals[0], {
    example: "http://127.0.0.1:8080/ (npm run server starts one)",
    allowRemote: values["allow-remote"] === true,
    sends: "the client connects",
  });
  const { connections: c, seconds: s, keepalive: k, rate: r } = LIMITS;
  const connections =
    whole("connections", values.connections, 1, c.max) ?? c.default;
  const seconds = whole("seconds", values.seconds, 1, s.max) ?? s.default;
  const keepalive =
    whole("keepalive", values.keepalive, k.min, k.max) ?? k.default;
  const rate = whole("rate", values.rate, 1, r.max) ?? r.default;
  const sources = whole("sources", values.sources, 1, LIMITS.sources.max) ?? 1;
  if (sources > 1 && !url.hostname.startsWith("127.")) {
    throw usageError(
      KEEPALIVE_COMMAND,
      "--sources spreads over 127.0.0.x, which only reach a 127.x.x.x server",
    );
  }
  const problem = whyNot(connections, sources, machine);
  if (problem !== null) throw new CliError(problem);
  const localAddresses =
    sources > 1
      ? Array.from({ length: sources }, (_, i) => `127.0.0.${i + 1}`)
      : undefined;
  return {
    json: values.json === true,
    options: {
      url: url.href,
      connections,
      seconds,
      rate,
      pause: pauseOfKeepalive(keepalive),
      ...(localAddresses && { localAddresses }),
    },
  };
}

/** One plain progress line, for logs and pipes. */
export function progressLine(p: Progress, requestsPerSecond: number): string {
  return (
    `${(p.elapsedMs / 1000).toFixed(1).padStart(5)} s  ` +
    `open ${fmt(p.open)}  req/s ${fmt(requestsPerSecond)}  ` +
    `errors ${fmt(p.errors)}  rss ${p.rssMb.toFixed(1)} MB  ` +
    `cpu ${fmt(p.cpuPercent)} %  loop p99 ${formatMs(p.loopDelayP99Ms)}  ` +
    `files ${fmt(p.openFiles)}`
  );
}

/** The gauges drawn on a terminal, one per line. */
export function gaugeLines(
  p: Progress,
  requestsPerSecond: number,
  wanted: number,
  seconds: number,
  width = 30,
): string[] {
  const filled = Math.round((Math.min(p.open, wanted) / wanted) * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const kinds = Object.entries(p.errorKinds)
    .map(([kind, n]) => `${kind} ${fmt(n)}`)
    .join(", ");
  return [
    `  ${(p.elapsedMs / 1000).toFixed(1)} s of ${seconds} s`,
    `  open connections  ${bar} ${fmt(p.open)} of ${fmt(wanted)}`,
    `  requests/s        ${fmt(requestsPerSecond)}`,
    `  errors            ${fmt(p.errors)}${kinds ? ` (${kinds})` : ""}`,
    `  client memory     ${p.rssMb.toFixed(1)} MB resident`,
    `  client CPU        ${fmt(p.cpuPercent)} % of one core`,
    `  event-loop delay  p99 ${formatMs(p.loopDelayP99Ms)}, ` +
      `max ${formatMs(p.loopDelayMaxMs)}`,
    `  open files        ${fmt(p.openFiles)}`,
  ];
}

/** The human-readable lines above the JSON. */
export function summaryLines(s: Summary, wanted: number): string[] {
  const ramp =
    s.rampMs === null
      ? `never all ${fmt(wanted)} at once`
      : `all open after ${formatMs(s.rampMs)}`;
  const kinds = Object.entries(s.errorKinds)
    .map(([kind, n]) => `${kind} ${fmt(n)}`)
    .join(", ");
  return [
    `peak ${fmt(s.connections)} open connections (${ramp}), ` +
      `${fmt(s.responses)} responses in ${formatMs(s.seconds * 1000)} ` +
      `(${fmt(s.requestsPerSecond)}/s), ${fmt(s.errors)} errors` +
      (kinds ? ` (${kinds})` : ""),
    `client process: peak RSS ${s.rssMb.toFixed(1)} MB, CPU ` +
      `${s.cpuPercent.toFixed(1)} % of one core, event-loop delay at most ` +
      `${formatMs(s.loopDelayMaxMs)}, ${fmt(s.openFilesPeak)} open files`,
  ];
}

/** The JSON line: the summary without its `type`. */
export function jsonLine(s: Summary): string {
  const { type: _type, ...rest } = s;
  const tenth = (n: number): number => Math.round(n * 10) / 10;
  return JSON.stringify({
    ...rest,
    rampMs: rest.rampMs === null ? null : Math.round(rest.rampMs),
    seconds: Math.round(rest.seconds * 100) / 100,
    requestsPerSecond: Math.round(rest.requestsPerSecond),
    rssMb: tenth(rest.rssMb),
    idleRssMb: tenth(rest.idleRssMb),
    cpuPercent: tenth(rest.cpuPercent),
    loopDelayMaxMs: tenth(rest.loopDelayMaxMs),
    steady: {
      seconds: Math.round(rest.steady.seconds * 100) / 100,
      cpuMs: Math.round(rest.steady.cpuMs),
      responses: rest.steady.responses,
    },
  });
}

async function main(): Promise<void> {
  const command = keepaliveOptions(process.argv.slice(2));
  if (command === undefined) return;
  const { options, json } = command;
  const tty = process.stdout.isTTY === true && !json;
  let drawn = 0;
  let last: Progress | undefined;
  const client = startClientProcess(
    { ...options, reportMs: tty ? 250 : 1000 },
    {
      onProgress(p) {
        const perSecond = last
          ? ((p.responses - last.responses) * 1000) /
            Math.max(p.elapsedMs - last.elapsedMs, 1)
          : 0;
        last = p;
        if (json) console.log(JSON.stringify(p));
        else if (!tty) console.log(progressLine(p, perSecond));
        else {
          const lines = gaugeLines(
            p,
            perSecond,
            options.connections,
            options.seconds,
          );
          const up = drawn > 0 ? `\x1b[${drawn}A` : "";
          process.stdout.write(
            `${up}${lines.map((l) => `\x1b[2K${l}`).join("\n")}\n`,
          );
          drawn = lines.length;
        }
      },
    },
  );
  if (tty) {
    console.log(
      `keep-alive client → ${options.url}  (${fmt(options.connections)} ` +
        `connections, ${options.seconds} s; Ctrl-C stops it)`,
    );
  }
  // Ctrl-C on a terminal reaches the client too; a SIGINT sent to this
  // process alone is passed on. Either way it stops and still reports.
  const interrupted = (): void => {
    process.exitCode = 130;
    client.stop();
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", () => client.stop());
  try {
    const summary = await client.done;
    for (const line of summaryLines(summary, options.connections)) {
      console.log(line);
    }
    console.log(jsonLine(summary));
    if (summary.responses === 0 && summary.errors > 0) {
      process.stderr.write(`error: nothing answered at ${options.url}\n`);
      process.exitCode = 1;
    }
  } finally {
    process.off("SIGINT", interrupted);
  }
}

if (import.meta.main) await runCli(main);
