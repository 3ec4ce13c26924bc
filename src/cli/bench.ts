// `npm run bench -- <name>`: benchmarks of the course's own machinery.
//
// `server` compares the bundled server with a bare `node:http` server on a
// trivial route. Each server runs in its own child process and autocannon
// runs here: on a two-core machine, a load generator sharing the server's
// process would halve the CPU the server gets and measure itself instead.
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { startServer } from "../server/index.ts";
import { defineCommand, helpText, parseCommand, usageError } from "./args.ts";
import { runCli } from "./cli-error.ts";

const CONNECTIONS = 10;
const WARM_UP_S = 1;
const MEASURE_S = 5;
export const TARGET_RATIO = 0.85;

export interface Measurement {
  requestsPerSecond: number;
  /** From autocannon, which counts latency in whole milliseconds. */
  p99Ms: number;
}

/**
 * The mean latency, by Little's law: with `connections` requests always in
 * flight, each takes connections / (requests per second). Finer than
 * autocannon's whole milliseconds, which read 0 on loopback.
 */
export function meanLatencyMs(
  requestsPerSecond: number,
  connections = CONNECTIONS,
): number {
  return (connections / requestsPerSecond) * 1000;
}

type Target = "bare" | "bundled";

// The bare server answers exactly what the bundled `/status/200` answers, so
// the difference is the bundled server's routing and bookkeeping.
const BODY = "200 OK\n";

async function serve(target: Target): Promise<void> {
  if (target === "bundled") {
    const server = await startServer({ port: 0, echoPort: 0 });
    console.log(`${server.url}/status/200`);
    process.once("SIGTERM", () => void server.close());
    return;
  }
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": BODY.length,
    });
    res.end(BODY);
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port =
      typeof address === "object" && address !== null ? address.port : 0;
    console.log(`http://127.0.0.1:${port}/status/200`);
  });
  process.once("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
  });
}

interface Child {
  url: string;
  process: ChildProcess;
}

/** Start this file as `--serve <target>`; its first line of output is the URL. */
async function spawnServer(target: Target): Promise<Child> {
  const child = spawn(
    process.execPath,
    [import.meta.filename, "--serve", target],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    lines.close();
    return { url: line, process: child };
  }
  throw new Error(`the ${target} server exited before printing its URL`);
}

async function load(url: string, seconds: number): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
  };
}

/** The mean of several runs: req/s and the p99 latency. */
export function mean(runs: Measurement[]): Measurement {
  const avg = (pick: (m: Measurement) => number): number =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    requestsPerSecond: avg((m) => m.requestsPerSecond),
    p99Ms: avg((m) => m.p99Ms),
  };
}

export function verdict(bare: Measurement, bundled: Measurement): string {
  const ratio = bundled.requestsPerSecond / bare.requestsPerSecond;
  const outcome = ratio >= TARGET_RATIO ? "PASS" : "BELOW";
  return `ratio bundled/bare ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}): ${outcome}`;
}

function row(label: string, m: Measurement): string {
  const rps = Math.round(m.requestsPerSecond).toLocaleString("en-US");
  return (
    `  ${label.padEnd(16)} ${rps.padStart(8)} req/s   ` +
    `mean latency ${meanLatencyMs(m.requestsPerSecond).toFixed(2)} ms   ` +
    `p99 ${m.p99Ms.toFixed(0)} ms`
  );
}

async function benchServer(): Promise<boolean> {
  console.log(
    `Server benchmark: ${CONNECTIONS} connections, ${MEASURE_S} s per run ` +
      `after a ${WARM_UP_S} s warm-up, two rounds in alternating order.\n` +
      `Mean latency is ${CONNECTIONS} connections / req/s (Little's law); ` +
      `p99 is autocannon's, in whole milliseconds.`,
  );
  const children = {
    bare: await spawnServer("bare"),
    bundled: await spawnServer("bundled"),
  };
  try {
    const runs: Record<Target, Measurement[]> = { bare: [], bundled: [] };
    // Alternating the order spreads any drift (thermal, other load) over both.
    for (const order of [
      ["bare", "bundled"],
      ["bundled", "bare"],
    ] as const) {
      for (const target of order) {
        await load(children[target].url, WARM_UP_S);
        runs[target].push(await load(children[target].url, MEASURE_S));
        console.log(
          row(`${target} (run ${runs[target].length})`, runs[target].at(-1)!),
        );
      }
    }
    const bare = mean(runs.bare);
    const bundled = mean(runs.bundled);
    console.log(`Mean of ${runs.bare.length} runs each:`);
    console.log(row("bare node:http", bare));
    console.log(row("bundled server", bundled));
    const line = verdict(bare, bundled);
    console.log(line);
    return line.endsWith("PASS");
  } finally {
    for (const child of Object.values(children)) child.process.kill("SIGTERM");
  }
}

const BENCHMARKS: Record<string, () => Promise<boolean>> = {
  server: benchServer,
  loadgen: async () => (await import("./bench-loadgen.ts")).benchLoadgen(),
  keepalive: async () =>
    (await import("./bench-keepalive.ts")).benchKeepalive(),
};

const BENCH_COMMAND = defineCommand({
  command: "npm run bench",
  usage: "<benchmark>",
  summary:
    "Benchmarks of the course's own machinery; each prints its figures and a\n" +
    "verdict, and exits with 1 when the verdict is below its target.",
  argumentsHelp: [
    "server  the bundled server's req/s against a bare node:http server on",
    `        the same route (target: at least ${TARGET_RATIO} of it)`,
    "loadgen lesson 13's load generator against autocannon at 100 and 1,000",
    "        connections (targets 0.85 and 0.7), then a million requests",
    "keepalive lesson 12's client against the Python original at 10,000",
    "        keep-alive connections (target: less memory and less CPU)",
  ],
  options: {},
  examples: ["npm run bench -- server"],
  maxPositionals: 1,
});

async function main(args: string[]): Promise<void> {
  // The benchmark starts this file again as each server under test.
  if (args[0] === "--serve" && (args[1] === "bare" || args[1] === "bundled")) {
    return serve(args[1]);
  }
  const parsed = parseCommand(BENCH_COMMAND, args);
  if (parsed.help) {
    console.log(helpText(BENCH_COMMAND));
    return;
  }
  const [name] = parsed.positionals;
  const bench = name === undefined ? undefined : BENCHMARKS[name];
  if (bench === undefined) {
    const known = Object.keys(BENCHMARKS).join(", ");
    throw usageError(
      BENCH_COMMAND,
      `${name === undefined ? "No benchmark named" : `Unknown benchmark '${name}'`}. Available: ${known}.`,
    );
  }
  if (!(await bench())) process.exitCode = 1;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
