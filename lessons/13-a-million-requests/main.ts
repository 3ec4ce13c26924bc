// The runs of lesson 13, for `npm run lesson -- 13` and the recorded output.
// Every measurement starts the bundled server in a process of its own, so
// that the load generator and the server each have a core.
import { readFileSync } from "node:fs";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { ownFileLimit } from "../07-semaphores-and-limits/file-limit.ts";
import { measureClient, type ClientKind } from "./clients.ts";
import { runLoad, type LoadReport } from "./loadgen.ts";
import { runPythonOriginal, runLoadgenChild } from "./python-original.ts";
import { shareOnePort } from "./reuse-port.ts";
import { startServerProcess, type ServerProcess } from "./server-process.ts";
import { loadWithStall } from "./stall.ts";

const THROUGHPUT =
  "requests per second depend on the machine's CPUs and on what else runs on it";
// Fixed numbers get thousands separators; measured ones none, so that the
// drift check, which masks every digit run of these runs, sees one shape.
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const num = (n: number): string => String(Math.round(n));

async function withServer<T>(
  workers: number,
  run: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess(workers);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

function latencies(r: LoadReport): string {
  return (
    `p50 ${formatMs(r.p50Ms)}, p99 ${formatMs(r.p99Ms)}, ` +
    `p99.9 ${formatMs(r.p999Ms)}, max ${formatMs(r.maxMs)}`
  );
}

/** The ephemeral port range: how many connections one source address
 * can open to one destination. */
function portRange(): [number, number] | null {
  try {
    const text = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8");
    const [low, high] = text.trim().split(/\s+/).map(Number);
    return low === undefined || high === undefined ? null : [low, high];
  } catch {
    return null;
  }
}

async function meaning(ctx: RunContext): Promise<void> {
  const limit = ownFileLimit();
  const ports = portRange();
  ctx.print("1. A million connections open at once, from this machine:");
  ctx.print(
    limit === null
      ? "   the open-file limit is not readable here"
      : `   open files: soft limit ${num(limit.soft)}, hard ${num(limit.hard)}` +
          " (one per socket)",
  );
  if (ports !== null) {
    const count = ports[1] - ports[0] + 1;
    ctx.print(
      `   ephemeral ports ${ports[0]}-${ports[1]}: ${num(count)} connections ` +
        "from one",
    );
    ctx.print("   source address to one server address and port");
  }
  await withServer(1, async (server) => {
    const url = `${server.url}/delay/0`;
    await runLoad({ url, connections: 100, durationMs: 500 });
    await server.reset();
    const r = await runLoad({ url, connections: 100, durationMs: 2000 });
    const [counts] = await server.counts();
    ctx.print("2. A million requests in total, over 100 connections:");
    ctx.print(
      `   ${num(r.requests)} requests in ${formatMs(r.seconds * 1000)}: ` +
        `${num(r.reqPerSec)} req/s (the server saw ` +
        `${num(counts?.connections ?? 0)} connections)`,
    );
    ctx.print(
      `   at that rate, a million take ${formatMs((1e6 / r.reqPerSec) * 1000)}`,
    );
    ctx.print(
      `   in flight: ${r.peakInFlight} at most; Little's law: ` +
        `${num(r.reqPerSec)} req/s x ${formatMs(r.meanMs)} = ` +
        `${(r.reqPerSec * (r.meanMs / 1000)).toFixed(1)}`,
    );
    await server.reset();
    const slow = await runLoad({
      url: `${server.url}/delay/1000`,
      connections: 1000,
      durationMs: 2000,
    });
    ctx.print("3. A million in flight: requests that take a second each:");
    ctx.print(
      `   ${fmt(slow.connections)} connections kept ${fmt(slow.peakInFlight)} ` +
        `in flight: ${num(slow.reqPerSec)} req/s, p50 ${formatMs(slow.p50Ms)}`,
    );
    ctx.print(
      "   a million in flight at a second each is a million req/s: " +
        `${num(1e6 / r.reqPerSec)} times`,
    );
    ctx.print("   the rate of 2.");
  });
}

async function loadgen(ctx: RunContext): Promise<void> {
  await withServer(1, async (server) => {
    const url = `${server.url}/delay/0`;
    await runLoad({ url, connections: 100, durationMs: 500 });
    for (const connections of [100, 1000]) {
      await server.reset();
      const r = await runLoad({ url, connections, durationMs: 2000 });
      const [counts] = await server.counts();
      ctx.print(
        `${fmt(connections)} connections: ${num(r.requests)} requests in ` +
          `${formatMs(r.seconds * 1000)}, ${num(r.reqPerSec)} req/s, ` +
          `errors ${r.errors}`,
      );
      ctx.print(
        `  the server saw ${num(counts?.requests ?? 0)} requests on ` +
          `${num(counts?.connections ?? 0)} connections; ` +
          `peak in flight ${fmt(r.peakInFlight)}`,
      );
      ctx.print(`  latency ${latencies(r)}`);
      ctx.print(
        `  the first request of each connection: p50 ` +
          `${formatMs(r.first.p50Ms)}, max ${formatMs(r.first.maxMs)}`,
      );
      ctx.plot?.({
        name: `${fmt(connections)} connections`,
        unit: "req/s",
        points: r.perSecond,
      });
    }
  });
}

const CLIENT_LABELS: Record<ClientKind, string> = {
  fetch: "fetch",
  pool: "undici Pool",
  clients: "an undici Client each",
  raw: "raw node:net",
};

async function clients(ctx: RunContext): Promise<void> {
  await withServer(1, async (server) => {
    const url = `${server.url}/delay/0`;
    ctx.print("each client keeps its connections busy for 700 ms; the CPU");
    ctx.print("time is this process's, so the client's alone");
    const cpu = new Map<string, number>();
    for (const connections of [100, 1000]) {
      ctx.print(`${fmt(connections)} connections:`);
      const kinds: ClientKind[] =
        connections === 100
          ? ["fetch", "pool", "clients", "raw"]
          : ["pool", "clients", "raw"];
      for (const kind of kinds) {
        const m = await measureClient(kind, url, {
          connections,
          durationMs: 700,
          warmUpMs: 200,
        });
        cpu.set(`${kind} ${connections}`, m.cpuUsPerRequest);
        ctx.print(
          `  ${CLIENT_LABELS[kind].padEnd(22)} ${num(m.reqPerSec)} ` +
            `req/s, ${m.cpuUsPerRequest.toFixed(0)} µs of CPU ` +
            `per request, errors ${m.errors}`,
        );
      }
    }
    const us = (key: string): number => cpu.get(key) ?? 0;
    ctx.print(
      `fetch used ${(us("fetch 100") / us("pool 100")).toFixed(1)} times ` +
        "the CPU of the Pool per request, " +
        `${(us("fetch 100") / us("raw 100")).toFixed(0)} times that of`,
    );
    ctx.print(
      "raw sockets; at 1,000 connections the Pool used " +
        `${(us("pool 1000") / us("clients 1000")).toFixed(1)} times`,
    );
    ctx.print("the CPU of a Client each");
  });
}

async function stall(ctx: RunContext): Promise<void> {
  await withServer(1, async (server) => {
    const url = `${server.url}/delay/0`;
    await runLoad({ url, connections: 10, durationMs: 500 });
    const common = {
      url,
      stall: (ms: number) => server.stall(ms),
      connections: 10,
      durationMs: 2500,
      stallAtMs: 1000,
      stallMs: 500,
    };
    ctx.print(
      "the server's process is frozen (SIGSTOP) for " +
        `${formatMs(common.stallMs)}, ${formatMs(common.stallAtMs)} into`,
    );
    ctx.print(
      `a ${formatMs(common.durationMs)} run over ${common.connections} ` +
        "connections",
    );
    const closed = await loadWithStall(common);
    const c = closed.report;
    ctx.print(`closed loop: ${num(c.requests)} requests`);
    ctx.print(`  latency ${latencies(c)}`);
    const rate = 2000;
    const open = await loadWithStall({ ...common, rate });
    const o = open.report;
    const s = o.service;
    ctx.print(`open loop at ${fmt(rate)} req/s: ${num(o.requests)} requests`);
    ctx.print(`  latency from when due ${latencies(o)}`);
    ctx.print(
      `  from when sent          p50 ${formatMs(s.p50Ms)}, ` +
        `p99 ${formatMs(s.p99Ms)}, p99.9 ${formatMs(s.p999Ms)}, ` +
        `max ${formatMs(s.maxMs)}`,
    );
    const during = (rate * common.stallMs) / 1000;
    ctx.print(
      `  ${fmt(during)} requests fell due during the stall; the closed ` +
        "loop sent",
    );
    ctx.print(
      `  none then: its ${common.connections} requests in flight waited`,
    );
    ctx.plot?.({
      name: "open loop, from when due",
      unit: "ms",
      points: open.worstByTime,
    });
    ctx.plot?.({
      name: "open loop, from when sent",
      unit: "ms",
      points: open.worstServiceByTime,
    });
    ctx.plot?.({
      name: "closed loop",
      unit: "ms",
      points: closed.worstByTime,
    });
  });
}

async function cluster(ctx: RunContext): Promise<void> {
  for (const workers of [1, 2]) {
    await withServer(workers, async (server) => {
      const url = `${server.url}/delay/0`;
      await runLoad({ url, connections: 100, durationMs: 500 });
      await server.reset();
      const cpuBefore = process.cpuUsage();
      const r = await runLoad({ url, connections: 100, durationMs: 1500 });
      const cpu = process.cpuUsage(cpuBefore);
      const counts = await server.counts();
      const share = counts.map((w) => num(w.requests)).join(" + ");
      const percent = (cpu.user + cpu.system) / 10 / (r.seconds * 1000);
      ctx.print(
        `${workers} worker${workers === 1 ? ": " : "s:"} ${num(r.reqPerSec)} ` +
          `req/s (${share} requests); loadgen used ` +
          `${Math.round(percent)} % of a core`,
      );
    });
  }
  const shared = await shareOnePort(100, 10_000);
  ctx.print(
    `reusePort: a second process without it got ${shared.withoutReuse};`,
  );
  ctx.print(
    `two processes with it shared ${shared.connections} connections' ` +
      `${fmt(shared.perProcess.reduce((a, b) => a + b, 0))} requests as ` +
      `${shared.perProcess.map(num).join(" + ")}`,
  );
}

async function asyncio(ctx: RunContext): Promise<void> {
  await withServer(1, async (server) => {
    const url = `${server.url}/delay/0`;
    const total = 3000;
    const concurrency = 100;
    const python = await runPythonOriginal(url, total, concurrency);
    if (python === null) {
      ctx.print(
        "aiohttp is not installed for /usr/bin/python3 (apt install " +
          "python3-aiohttp): nothing to compare with",
      );
      return;
    }
    const ours = await runLoadgenChild(url, total, concurrency);
    ctx.print(
      `${fmt(total)} requests, ${concurrency} at a time, against the same ` +
        "server:",
    );
    for (const [label, r] of [
      ["asyncio + aiohttp", python],
      ["npm run loadgen", ours],
    ] as const) {
      ctx.print(
        `  ${label.padEnd(18)} ${num(r.reqPerSec)} req/s ` +
          `(${num(r.reqPerSec * 60)} a minute), p50 ${formatMs(r.p50Ms)}, ` +
          `p99 ${formatMs(r.p99Ms)}`,
      );
      ctx.print(
        `  ${"".padEnd(18)} peak RSS ${r.maxRssMb} MB, CPU ${r.cpuPercent} % ` +
          `of a core, errors ${r.errors}`,
      );
    }
    const own = await runPythonOriginal(url, 1000, concurrency, true);
    if (own !== null) {
      ctx.print(
        "the original's ClientSession per request (a new connection each):",
      );
      ctx.print(
        `  ${fmt(1000)} requests, ${num(own.reqPerSec)} req/s, ` +
          `p50 ${formatMs(own.p50Ms)}, p99 ${formatMs(own.p99Ms)}`,
      );
    }
  });
}

export const runs: LessonRun[] = [
  {
    name: "meaning",
    title: "A million what? Connections, requests in total, requests in flight",
    run: meaning,
    timeline: false,
    variesByMachine: `${THROUGHPUT}; the limits are this machine's settings`,
  },
  {
    name: "loadgen",
    title: "The load generator at 100 and 1,000 connections",
    run: loadgen,
    timeline: false,
    variesByMachine: THROUGHPUT,
  },
  {
    name: "clients",
    title: "fetch, undici's Pool, a Client per connection, raw sockets",
    run: clients,
    timeline: false,
    variesByMachine: THROUGHPUT,
  },
  {
    name: "stall",
    title: "Closed loop and open loop against a server that stalls",
    run: stall,
    timeline: false,
    variesByMachine: THROUGHPUT,
  },
  {
    name: "cluster",
    title: "The bundled server on one core and on two (node:cluster)",
    run: cluster,
    timeline: false,
    variesByMachine: `${THROUGHPUT}; the kernel spreads the connections`,
  },
  {
    name: "asyncio",
    title: "The asyncio original: aiohttp and a semaphore",
    run: asyncio,
    timeline: false,
    variesByMachine: THROUGHPUT,
  },
];
