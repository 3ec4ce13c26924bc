// The keep-alive client as a process of its own: what `npm run keepalive`
// and the benchmark start, as plain JavaScript (src/lib/plain-javascript.ts)
// so that Node's TypeScript support does not add its memory to the client's.
//
// Takes its options as JSON in argv[2]. Prints one JSON line per report
// ({ type: "progress", ...counts, ...gauges }) and a last one with the
// summary ({ type: "summary", ... }). Stops early on SIGINT or SIGTERM, or
// when its stdin closes (the parent went away).
import { peakResidentMb, startGauges } from "./gauges.ts";
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
// The CPU of the steady state, from the first report with every
// connection open to the last report: no start-up, no ramp, no teardown.
let steadyFrom: { cpu: NodeJS.CpuUsage; responses: number; at: number } | null =
  null;
let steady = { seconds: 0, cpuMs: 0, responses: 0 };
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
    if (steadyFrom === null && counts.open === options.connections) {
      steadyFrom = {
        cpu: process.cpuUsage(),
        responses: counts.responses,
        at: counts.elapsedMs,
      };
    } else if (steadyFrom !== null) {
      const used = process.cpuUsage(steadyFrom.cpu);
      steady = {
        seconds: (counts.elapsedMs - steadyFrom.at) / 1000,
        cpuMs: (used.user + used.system) / 1000,
        responses: counts.responses - steadyFrom.responses,
      };
    }
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
  rssMb: peakResidentMb(),
  idleRssMb,
  cpuPercent: (100 * cpuSeconds) / seconds,
  loopDelayMaxMs: worstDelayMs,
  steady,
  openFilesPeak: peakFiles,
});
process.stdin.destroy();
