// The keep-alive client as a process of its own: what `npm run keepalive`
// and the benchmark start, as plain JavaScript (src/lib/plain-javascript.ts)
// so that Node's TypeScript support does not add its memory to the client's.
//
// Takes its options as JSON in argv[2]. Prints one JSON line per report
// ({ type: "progress", ...counts, ...gauges }) and a last one with the
// summary ({ type: "summary", ... }). Stops early on SIGINT or SIGTERM, or
// when its stdin closes (the parent went away).
import { startGauges } from "./gauges.ts";
import {
  runKeepAlive,
  type Counts,
  type KeepAliveOptions,
} from "./keepalive-client.ts";

export interface ProcessOptions extends KeepAliveOptions {
  /** Listen to stdin and stop when it closes (default true). */
  stopOnStdinEnd?: boolean;
}

const options = JSON.parse(process.argv[2] ?? "{}") as ProcessOptions;
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => stop.abort());
}
if (options.stopOnStdinEnd !== false) {
  process.stdin.on("end", () => stop.abort());
  process.stdin.on("error", () => stop.abort());
  process.stdin.resume();
}

function write(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// Node and the client's code, before the first socket.
const idleRssMb = process.memoryUsage.rss() / 2 ** 20;
const gauges = startGauges();
let peakFiles = 0;
let worstDelayMs = 0;
const started = performance.now();
const result = await runKeepAlive({
  ...options,
  signal: stop.signal,
  onReport(counts: Counts) {
    const now = gauges.read();
    peakFiles = Math.max(peakFiles, now.openFiles);
    worstDelayMs = Math.max(worstDelayMs, now.loopDelayMaxMs);
    write({ type: "progress", ...counts, ...now });
  },
});
const seconds = (performance.now() - started) / 1000;
gauges.stop();
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
write({
  type: "summary",
  client: "node",
  connections: result.peak,
  responses: result.responses,
  errors: result.errors,
  errorKinds: result.errorKinds,
  started: result.started,
  rampMs: result.rampMs,
  seconds,
  requestsPerSecond: result.responses / seconds,
  // `maxRSS` is in KiB: the most this process was ever resident.
  rssMb: usage.maxRSS / 1024,
  idleRssMb,
  cpuPercent: (100 * cpuSeconds) / seconds,
  loopDelayMaxMs: worstDelayMs,
  openFilesPeak: peakFiles,
});
process.stdin.destroy();
