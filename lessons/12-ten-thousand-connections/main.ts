// The runs of lesson 12, for `npm run lesson -- 12` and the recorded output.
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import {
  diagnose,
  report,
  type MachineFacts,
} from "../../src/lib/machine-check.ts";
import { LISTEN_BACKLOG } from "../../src/server/index.ts";
import { burst } from "./backlog.ts";
import { startClientProcess } from "./client-process.ts";
import { compareClients, type ClientRun } from "./compare.ts";
import { pauseOfKeepalive } from "./keepalive-client.ts";
import { bytesPerSocket } from "./kernel-memory.ts";
import { climb } from "./ladder.ts";
import { readLimits } from "./limits.ts";
import { spreadOverSources } from "./sources.ts";
import { tenThousand } from "./ten-thousand.ts";
import { closeFirst } from "./time-wait.ts";

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const mb = (n: number): string => `${n.toFixed(1)} MB`;
const kb = (n: number): string => `${n.toFixed(1)} KB`;

const MACHINE =
  "memory, CPU and the kernel's figures depend on the machine, on what " +
  "else it runs, and on when the garbage collector runs";

async function tenThousandRun(ctx: RunContext): Promise<void> {
  const connections = 10_000;
  const keepalive = 20;
  const result = await tenThousand({
    connections,
    seconds: 11.5,
    keepalive,
    signal: ctx.signal,
  });
  const { summary: s, atPeak } = result;
  ctx.print(
    `${fmt(connections)} connections, 10 new every 10 ms, each sending ` +
      `HEAD after pauses of 1 to ${keepalive / 2} s`,
  );
  ctx.print(
    `most open at once: ${fmt(s.connections)} of ${fmt(connections)}, ` +
      `${fmt(s.responses)} responses, ${fmt(s.errors)} errors`,
  );
  if (atPeak !== null) {
    const open = atPeak.sample.clientOpen;
    ctx.print(
      `with ${fmt(open)} open after ${formatMs(atPeak.sample.t)}, the ` +
        `server counted ${fmt(atPeak.sample.serverOpen ?? 0)}`,
    );
    const perClient = ((s.rssMb - s.idleRssMb) * 1024) / s.connections;
    ctx.print(
      `client: ${mb(s.idleRssMb)} before the first connection, at most ` +
        `${mb(s.rssMb)}: ${kb(perClient)} a connection`,
    );
    const before = result.serverIdleRssMb;
    const after = atPeak.sample.serverRssMb;
    if (before !== null && after !== null) {
      ctx.print(
        `server: ${mb(before)} before, ${mb(after)} with them open: ` +
          `${kb(((after - before) * 1024) / open)} a connection`,
      );
    }
    const sockets = atPeak.kernel.connectionEnds ?? 0;
    const each = bytesPerSocket(atPeak.kernel) / 1024;
    ctx.print(
      `kernel: ${fmt(sockets)} TCP sockets on the server's port (one at ` +
        `each end), ` +
        `${kb(each)} of slab objects each: ` +
        `${kb((sockets * each) / open)} a connection`,
    );
  }
  ctx.print(
    `client CPU: ${s.cpuPercent.toFixed(1)} % of one core, event-loop ` +
      `delay at most ${formatMs(s.loopDelayMaxMs)}`,
  );
  const fresh = result.samples.filter((x) => x.serverOpen !== null);
  ctx.plot?.({
    name: "open, as the client counts",
    unit: "connections",
    points: result.samples.map((x) => [Math.round(x.t), x.clientOpen]),
  });
  ctx.plot?.({
    name: "open, as the server counts",
    unit: "connections",
    points: fresh.map((x) => [Math.round(x.t), x.serverOpen ?? 0]),
  });
}

async function ladderRun(ctx: RunContext): Promise<void> {
  const connections = 2000;
  ctx.print(
    `${fmt(connections)} connections, 40 new every 10 ms, HEAD after 1 or ` +
      "2 s, 2.5 s a rung, each rung a fresh client process (CPU counted " +
      "while all were open):",
  );
  const results = await climb({
    connections,
    seconds: 2.5,
    rate: 4000,
    keepalive: 4,
  });
  for (const { rung, summary: s, watched } of results) {
    const rss = watched.maxRssMb ?? s.rssMb;
    const { cpuMs, responses } = s.steady;
    // No padding of numbers: the drift check compares the spaces too.
    ctx.print(
      `${rung.name.padEnd(31)} max RSS ${mb(rss)}, CPU ` +
        `${fmt((cpuMs * 1000) / Math.max(responses, 1))} µs a response, ` +
        `${fmt(s.errors)} errors`,
    );
  }
  // Four lines at most on one chart: the first two and the last two.
  const shown = [0, 1, results.length - 2, results.length - 1];
  for (const index of shown) {
    const result = results[index];
    if (result === undefined) continue;
    ctx.plot?.({
      name: result.rung.name,
      unit: "MB",
      points: result.rss.map(([t, v]) => [Math.round(t), v]),
    });
  }
}

function clientLine(label: string, run: ClientRun): string {
  const s = run.summary;
  const perConnection = ((run.maxRssMb - s.idleRssMb) * 1024) / s.connections;
  return (
    `${label.padEnd(15)} ${fmt(s.connections)} open at most, ` +
    `${fmt(s.responses / s.seconds)} responses/s, ${fmt(s.errors)} errors; ` +
    `RSS ${mb(s.idleRssMb)} idle, ${mb(run.maxRssMb)} at most ` +
    `(${kb(perConnection)} a connection); CPU ${run.cpuPercent.toFixed(1)} %`
  );
}

async function compareRun(ctx: RunContext): Promise<void> {
  const connections = 3000;
  ctx.print(
    `${fmt(connections)} connections, 10 new every 10 ms, HEAD after 1 or ` +
      "2 s, 5 s each, one after the other against one server",
  );
  const rss: Record<"node" | "python", [number, number][]> = {
    node: [],
    python: [],
  };
  const { node, python } = await compareClients({
    connections,
    seconds: 5,
    keepalive: 4,
    onSample: (client, ms, mb) => rss[client].push([Math.round(ms), mb]),
  });
  ctx.print(clientLine("node (lean)", node));
  if (python === null) {
    ctx.print("python3 is not installed here: nothing to compare with");
    return;
  }
  ctx.print(clientLine("python asyncio", python));
  ctx.print(
    `node/python: memory ${(node.maxRssMb / python.maxRssMb).toFixed(2)}, ` +
      `CPU ${(node.cpuPercent / python.cpuPercent).toFixed(2)}`,
  );
  const slope = (run: ClientRun) =>
    (run.maxRssMb - run.summary.idleRssMb) / run.summary.connections;
  const crossover =
    (node.summary.idleRssMb - python.summary.idleRssMb) /
    (slope(python) - slope(node));
  ctx.print(
    crossover > 0
      ? `at these rates, Python's client would need more memory than ` +
          `Node's from about ${fmt(crossover)} connections on`
      : "at these rates, Node's client needs more memory at any count",
  );
  ctx.plot?.({ name: "node (lean)", unit: "MB", points: rss.node });
  ctx.plot?.({ name: "python asyncio", unit: "MB", points: rss.python });
}

async function limitsRun(ctx: RunContext): Promise<void> {
  const limits = readLimits(1024);
  const pair = (l: { soft: number; hard: number } | null) =>
    l === null ? "unknown" : `soft ${fmt(l.soft)}, hard ${fmt(l.hard)}`;
  ctx.print(`this Node process may open files: ${pair(limits.own)}`);
  ctx.print(
    `a Node child started under \`ulimit -Sn 1024\`: ${pair(limits.nodeChild)}`,
  );
  ctx.print(
    limits.pythonChild === null
      ? "python3 is not installed here"
      : `a Python child started the same way: ${pair(limits.pythonChild)}`,
  );
  if (limits.ports !== null) {
    const { low, high, count } = limits.ports;
    ctx.print(
      `ephemeral ports: ${low} to ${high}, ${fmt(count)} for each source ` +
        "address, to each server address and port",
    );
  }
  ctx.print(
    `listen backlog: the server asks for ${fmt(limits.serverBacklog)}, ` +
      `net.core.somaxconn allows ${limits.somaxconn === null ? "?" : fmt(limits.somaxconn)}`,
  );
  if (limits.twReuse !== null) {
    ctx.print(`net.ipv4.tcp_tw_reuse is ${limits.twReuse}`);
  }
}

async function fileLimitRun(ctx: RunContext): Promise<void> {
  const client = startClientProcess(
    {
      url: `${ctx.serverUrl}/`,
      connections: 400,
      seconds: 1.5,
      rate: 2000,
      pause: pauseOfKeepalive(4),
    },
    { fileLimit: 256 },
  );
  const s = await client.done;
  ctx.print("400 connections from a client under `ulimit -n 256`:");
  ctx.print(`most open at once: ${fmt(s.connections)}`);
  for (const [kind, n] of Object.entries(s.errorKinds)) {
    ctx.print(`failed with ${kind}: ${fmt(n)}`);
  }
}

async function timeWaitRun(ctx: RunContext): Promise<void> {
  for (const close of ["client", "server"] as const) {
    const counted = await closeFirst(200, close);
    if (counted === null) {
      ctx.print("no /proc/net/tcp here: nothing to count");
      return;
    }
    ctx.print(
      `200 connections, the ${close} closing first: in TIME_WAIT, ` +
        `${counted.clientSide} on the client's end and ` +
        `${counted.serverSide} on the server's, for ` +
        `${formatMs(counted.longestLeftMs)} more at most`,
    );
  }
}

async function backlogRun(ctx: RunContext): Promise<void> {
  const count = 40;
  const backlog = 8;
  const result = await burst(count, backlog, 600);
  const quick = result.connectMs.filter((ms) => ms < 500);
  const late = result.connectMs.filter((ms) => ms >= 500);
  ctx.print(
    `${count} connections at once to a server that listens with backlog ` +
      `${backlog} and cannot accept for 600 ms:`,
  );
  ctx.print(
    `connected at once: ${quick.length}, slowest after ` +
      `${formatMs(Math.max(...quick))}`,
  );
  ctx.print(
    `connected later: ${late.length}, the first after ` +
      `${formatMs(Math.min(...late))}`,
  );
  ctx.print(`(the bundled server listens with a backlog of ${LISTEN_BACKLOG})`);
}

async function sourcesRun(ctx: RunContext): Promise<void> {
  const addresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
  const most = await spreadOverSources(`${ctx.serverUrl}/`, addresses, 100);
  for (const address of addresses) {
    ctx.print(
      `the server held ${most.get(address) ?? 0} connections from ${address}`,
    );
  }
}

// #region doctor-example
/** A laptop as it often comes: a soft limit of 1,024 in the shell, the
 * kernel's defaults of a few years ago for the backlog, and a busy
 * afternoon's worth of ports in TIME_WAIT. */
const LAPTOP: MachineFacts = {
  nodeVersion: "v24.21.0",
  fileLimit: { soft: 524_288, hard: 524_288 },
  shellFileLimit: { soft: 1024, hard: 524_288 },
  portRange: { low: 32768, high: 60999, count: 28_232 },
  sockets: Array.from({ length: 20_000 }, (_, i) => ({
    localAddress: "127.0.0.1",
    localPort: 32768 + i,
    remoteAddress: "127.0.0.1",
    remotePort: 8080,
    state: "TIME_WAIT",
    timerTicks: 6000,
  })),
  somaxconn: 128,
  synBacklog: 512,
  memAvailableKb: 6 * 1024 * 1024,
  python: "Python 3.12.3",
  cores: 8,
  load1: 1.5,
};
// #endregion

async function doctorRun(ctx: RunContext): Promise<void> {
  const wanted = { connections: 10_000, backlog: LISTEN_BACKLOG };
  ctx.print("the doctor's verdict on the example laptop's figures:");
  for (const line of report(diagnose(LAPTOP, wanted), wanted)) ctx.print(line);
}

export const runs: LessonRun[] = [
  {
    name: "ten-thousand",
    title: "Ten thousand keep-alive connections, both ends measured",
    run: tenThousandRun,
    timeline: false,
    variesByMachine: MACHINE,
  },
  {
    name: "ladder",
    title: "What each saving of the lean client is worth",
    run: ladderRun,
    timeline: false,
    variesByMachine: MACHINE,
  },
  {
    name: "compare",
    title: "The lean Node client and the Python original, same server",
    run: compareRun,
    timeline: false,
    variesByMachine: MACHINE,
  },
  {
    name: "limits",
    title: "The limits of this machine, read from the kernel",
    run: limitsRun,
    timeline: false,
    variesByMachine: "each machine has its own limits and settings",
  },
  {
    name: "file-limit",
    title: "A client under a low open-file limit",
    run: fileLimitRun,
    timeline: false,
    variesByMachine:
      "how many descriptors a Node process holds before its first socket",
  },
  {
    name: "time-wait",
    title: "Who closes first keeps the TIME_WAIT",
    run: timeWaitRun,
    timeline: false,
    variesByMachine:
      "the kernel's TCP table is the whole machine's; on a loaded machine one run counted 201 TIME_WAIT sockets for 200 connections",
  },
  {
    name: "backlog",
    title: "A burst of connections to a server that cannot accept",
    run: backlogRun,
    timeline: false,
  },
  {
    name: "sources",
    title: "Connections from three source addresses",
    run: sourcesRun,
    timeline: false,
    variesByMachine:
      "on a loaded machine a connection that fails is opened again, and one run saw 101 at once from an address that was given 100",
  },
  {
    name: "doctor",
    title: "What npm run doctor says of a laptop with common limits",
    run: doctorRun,
    timeline: false,
  },
];
