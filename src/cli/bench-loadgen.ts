// `npm run bench -- loadgen`: lesson 13's load generator against autocannon,
// at 100 and 1,000 connections, against the same bundled server running in
// a process of its own, in the same run; undici's Pool for reference; then
// one million requests.
//
// The contenders take turns, two rounds in alternating order, each one
// alone with the server: on a two-core machine, the server takes one core
// and the load generator the other.
import autocannon from "autocannon";
import { availableParallelism, loadavg } from "node:os";
import { measureClient } from "../../lessons/13-a-million-requests/clients.ts";
import { runLoad } from "../../lessons/13-a-million-requests/loadgen.ts";
import { startServerProcess } from "../../lessons/13-a-million-requests/server-process.ts";
import { formatMs } from "../lib/format.ts";

export const TARGETS: Record<number, number> = { 100: 0.85, 1000: 0.7 };
const WARM_UP_S = 1;
const MEASURE_S = 4;
const ROUNDS = 2;
const MILLION = 1_000_000;
const MILLION_CONNECTIONS = 100;
export const MILLION_TARGET_S = 60;
const PATH = "/delay/0";

type Contender = "autocannon" | "loadgen" | "undici Pool";

export interface Turn {
  reqPerSec: number;
  errors: number;
  /** CPU time of this process per request, in microseconds. */
  cpuUs: number;
}

async function withCpu(
  run: () => Promise<{ requests: number; errors: number; seconds: number }>,
): Promise<Turn> {
  const before = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(before);
  return {
    reqPerSec: result.requests / result.seconds,
    errors: result.errors,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, result.requests),
  };
}

async function turn(
  contender: Contender,
  url: string,
  connections: number,
  seconds: number,
): Promise<Turn> {
  if (contender === "autocannon") {
    return withCpu(async () => {
      const result = await autocannon({ url, connections, duration: seconds });
      return {
        requests: result.requests.total,
        errors: result.errors + result.non2xx,
        seconds: result.duration,
      };
    });
  }
  if (contender === "loadgen") {
    return withCpu(async () => {
      const report = await runLoad({
        url,
        connections,
        durationMs: seconds * 1000,
      });
      return { ...report, errors: report.errors + report.non2xx };
    });
  }
  const m = await measureClient("pool", url, {
    connections,
    durationMs: seconds * 1000,
    warmUpMs: 0,
  });
  return { reqPerSec: m.reqPerSec, errors: m.errors, cpuUs: m.cpuUsPerRequest };
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

function row(label: string, t: Turn): string {
  return (
    `  ${label.padEnd(24)} ${fmt(t.reqPerSec).padStart(8)} req/s   ` +
    `${t.cpuUs.toFixed(1).padStart(6)} µs CPU per request` +
    (t.errors > 0 ? `   ${fmt(t.errors)} errors` : "")
  );
}

function mean(turns: Turn[]): Turn {
  const avg = (pick: (t: Turn) => number): number =>
    turns.reduce((sum, t) => sum + pick(t), 0) / turns.length;
  return {
    reqPerSec: avg((t) => t.reqPerSec),
    errors: turns.reduce((sum, t) => sum + t.errors, 0),
    cpuUs: avg((t) => t.cpuUs),
  };
}

export function ratioLine(
  connections: number,
  loadgen: number,
  autocannonRps: number,
): { line: string; pass: boolean } {
  const ratio = loadgen / autocannonRps;
  const target = TARGETS[connections] ?? 1;
  const pass = ratio >= target;
  return {
    line:
      `  ratio loadgen/autocannon at ${fmt(connections)} connections ` +
      `${ratio.toFixed(2)} (target >= ${target}): ${pass ? "PASS" : "BELOW"}`,
    pass,
  };
}

async function compareAt(url: string, connections: number): Promise<boolean> {
  console.log(`\n${fmt(connections)} connections:`);
  const order: Contender[] = ["autocannon", "loadgen", "undici Pool"];
  const turns = new Map<Contender, Turn[]>(order.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating the order spreads any drift over all contenders.
    const thisRound = round % 2 === 0 ? order : order.toReversed();
    for (const contender of thisRound) {
      await turn(contender, url, connections, WARM_UP_S);
      const measured = await turn(contender, url, connections, MEASURE_S);
      turns.get(contender)!.push(measured);
      console.log(row(`${contender} (run ${round + 1})`, measured));
    }
  }
  const means = new Map(order.map((c) => [c, mean(turns.get(c)!)]));
  console.log(`  mean of ${ROUNDS} runs each:`);
  for (const contender of order)
    console.log(row(contender, means.get(contender)!));
  const auto = means.get("autocannon")!.reqPerSec;
  const pool = means.get("undici Pool")!.reqPerSec;
  const { line, pass } = ratioLine(
    connections,
    means.get("loadgen")!.reqPerSec,
    auto,
  );
  console.log(`  (undici Pool/autocannon ${(pool / auto).toFixed(2)})`);
  console.log(line);
  const errors = [...means.values()].reduce((sum, t) => sum + t.errors, 0);
  return pass && errors === 0;
}

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(", ");

/** A million requests, against the bundled server as a cluster with one
 * worker per core: on two cores the load generator leaves a worker some
 * room, and it is how you would run a server to take a million. */
async function million(): Promise<boolean> {
  const workers = availableParallelism();
  console.log(
    `\nOne million requests: loadgen, ${MILLION_CONNECTIONS} connections, ` +
      `closed loop, GET ${PATH}\non the bundled server as a cluster of ` +
      `${workers} workers (load average ${load()})`,
  );
  const server = await startServerProcess(workers);
  let report;
  try {
    const url = `${server.url}${PATH}`;
    await runLoad({ url, connections: MILLION_CONNECTIONS, durationMs: 1000 });
    report = await runLoad({
      url,
      connections: MILLION_CONNECTIONS,
      requests: MILLION,
    });
  } finally {
    await server.close();
  }
  const pass =
    report.requests === MILLION &&
    report.errors === 0 &&
    report.seconds < MILLION_TARGET_S;
  console.log(
    `  ${fmt(report.requests)} responses in ${formatMs(report.seconds * 1000)}: ` +
      `${fmt(report.reqPerSec)} req/s, errors ${report.errors}, ` +
      `p50 ${formatMs(report.p50Ms)}, p99 ${formatMs(report.p99Ms)}, ` +
      `p99.9 ${formatMs(report.p999Ms)}`,
  );
  console.log(
    `  under ${MILLION_TARGET_S} s with no errors: ${pass ? "PASS" : "BELOW"}` +
      ` (load average ${load()})`,
  );
  return pass;
}

export async function benchLoadgen(): Promise<boolean> {
  console.log(
    `Load average ${load()} on ${availableParallelism()} cores.\n` +
      `Load generator benchmark: GET ${PATH} on the bundled server in its own ` +
      `process.\nautocannon, loadgen (lesson 13) and undici's Pool take turns, ` +
      `${MEASURE_S} s each after a ${WARM_UP_S} s warm-up,\n${ROUNDS} rounds ` +
      "in alternating order; req/s is responses / seconds.",
  );
  const server = await startServerProcess(1);
  let pass = true;
  try {
    const url = `${server.url}${PATH}`;
    for (const connections of [100, 1000]) {
      pass = (await compareAt(url, connections)) && pass;
    }
  } finally {
    await server.close();
  }
  return (await million()) && pass;
}
