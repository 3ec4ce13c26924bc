// The lean Node client and the original Python tutorial's asyncio client,
// one after the other against the same bundled server, with the same
// connections, seconds and pauses; each measured from outside, the same
// way (process-watch.ts). The benchmark and the lesson's run both use it.
import type { ChildProcess } from "node:child_process";
import { TICKS_PER_SECOND } from "../../src/lib/linux-proc.ts";
import { startClientProcess, type Summary } from "./client-process.ts";
import { pauseOfKeepalive } from "./keepalive-client.ts";
import { watchProcess, type Watched } from "./process-watch.ts";
import {
  pythonVersion,
  startPythonClient,
  type PythonSummary,
} from "./python-client.ts";
import { startServerProcess, type ServerProcess } from "./server-process.ts";

export interface CompareOptions {
  connections: number;
  seconds: number;
  /** The original's -k: pauses of 1 to keepalive // 2 whole seconds. */
  keepalive: number;
  /** Called with each client's resident memory as it runs. */
  onSample?: (client: "node" | "python", ms: number, rssMb: number) => void;
}

/** One client's run, as the comparison measured it. */
export interface ClientRun {
  /** What the client itself reported. */
  summary: Summary | PythonSummary;
  /** What /proc said of it. */
  watched: Watched;
  /** The server's CPU while it ran, as a share of one core. */
  serverCpuPercent: number | null;
  /** The most resident it was: VmHWM, or what it said if /proc cannot. */
  maxRssMb: number;
  cpuPercent: number;
}

export interface Comparison {
  node: ClientRun;
  /** Null without python3. */
  python: ClientRun | null;
}

async function settle(server: ServerProcess): Promise<void> {
  // The next client starts against a server with nothing open.
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if ((await server.openConnections()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(
  server: ServerProcess,
  started: {
    child: ChildProcess;
    done: Promise<Summary | PythonSummary | null>;
  },
  onSample?: (ms: number, rssMb: number) => void,
): Promise<ClientRun | null> {
  const serverBefore = server.cpuTicks();
  const began = performance.now();
  const [watched, summary] = await Promise.all([
    watchProcess(started.child, 100, onSample),
    started.done,
  ]);
  const serverAfter = server.cpuTicks();
  if (summary === null) return null;
  const seconds = (performance.now() - began) / 1000;
  return {
    summary,
    watched,
    serverCpuPercent:
      serverBefore === null || serverAfter === null
        ? null
        : (100 * (serverAfter - serverBefore)) / TICKS_PER_SECOND / seconds,
    maxRssMb: watched.maxRssMb ?? summary.rssMb,
    cpuPercent: watched.cpuPercent ?? summary.cpuPercent,
  };
}

/** Runs both clients; the Python one only if there is a python3 (and
 * `withPython`). */
export async function compareClients(
  options: CompareOptions,
  withPython = true,
): Promise<Comparison> {
  const { connections, seconds, keepalive, onSample } = options;
  const server = await startServerProcess();
  try {
    const url = `${server.url}/`;
    const client = startClientProcess({
      url,
      connections,
      seconds,
      pause: pauseOfKeepalive(keepalive),
    });
    const node = await measure(server, client, (ms, mb) =>
      onSample?.("node", ms, mb),
    );
    if (node === null) throw new Error("the Node client did not report");
    if (!withPython || pythonVersion() === null) {
      return { node, python: null };
    }
    await settle(server);
    const asyncio = await measure(
      server,
      startPythonClient({ url, connections, keepalive, seconds }),
      (ms, mb) => onSample?.("python", ms, mb),
    );
    return { node, python: asyncio };
  } finally {
    await server.close();
  }
}
