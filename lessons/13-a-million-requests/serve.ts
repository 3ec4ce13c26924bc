// The bundled server in processes of its own, for measurements that must
// not share a core with the load generator: `node serve.ts --workers N`
// starts N `node:cluster` workers that share one port. Its first line of
// output is JSON with the URL and every worker's pid; a line `stats` on
// stdin prints each worker's request count; the end of stdin stops it.
import cluster, { type Worker } from "node:cluster";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startServer } from "../../src/server/index.ts";

import type { ServedBy, WorkerCounts } from "./server-process.ts";

type FromWorker =
  { kind: "listening"; url: string } | { kind: "counts"; counts: WorkerCounts };

// #region worker
async function worker(): Promise<void> {
  // Every worker listens on port 0; in a cluster the primary holds the
  // listening socket, so all of them get the same port, and the primary
  // hands each new connection to the next worker in turn.
  const server = await startServer({ port: 0, echoPort: 0 });
  process.send?.({ kind: "listening", url: server.url });
  process.on("message", (message: string) => {
    if (message === "counts") {
      const stats = server.stats();
      const cpu = process.cpuUsage();
      const counts: WorkerCounts = {
        pid: process.pid,
        requests: stats.totalRequests,
        connections: stats.totalConnections,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      };
      process.send?.({ kind: "counts", counts });
    } else if (message === "reset") server.resetStats();
    else if (message === "stop") {
      void server.close().then(() => process.disconnect());
    }
  });
}
// #endregion

function ask(workers: Worker[], message: string): Promise<WorkerCounts[]> {
  return Promise.all(
    workers.map(async (w) => {
      w.send(message);
      for (;;) {
        const [reply] = (await once(w, "message")) as [FromWorker];
        if (reply.kind === "counts") return reply.counts;
      }
    }),
  );
}

async function primary(count: number): Promise<void> {
  const workers = Array.from({ length: count }, () => cluster.fork());
  const urls = await Promise.all(
    workers.map(async (w) => {
      const [message] = (await once(w, "message")) as [FromWorker];
      if (message.kind !== "listening") throw new Error("worker did not start");
      return message.url;
    }),
  );
  if (new Set(urls).size !== 1) {
    throw new Error(`the workers listen on different URLs: ${urls.join(" ")}`);
  }
  const served: ServedBy = {
    url: urls[0]!,
    pids: workers.map((w) => w.process.pid ?? 0),
  };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === "stats") {
      const counts = await ask(workers, "counts");
      process.stdout.write(`${JSON.stringify(counts)}\n`);
    } else if (line === "reset") {
      for (const w of workers) w.send("reset");
    }
  }
  // The parent closed our stdin (or went away): stop every worker.
  await Promise.all(
    workers.map((w) => {
      const gone = once(w, "exit");
      w.send("stop");
      return gone;
    }),
  );
}

if (!import.meta.main) {
  throw new Error("serve.ts is a program: start it with startServerProcess");
} else if (cluster.isPrimary) {
  const { values } = parseArgs({
    options: { workers: { type: "string", default: "1" } },
  });
  const count = Number(values.workers);
  if (!(count >= 1 && count <= 64)) throw new RangeError("--workers 1-64");
  // Round robin, the default except on Windows: said here, not assumed.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  process.on("SIGINT", () => {});
  await primary(count);
} else {
  await worker();
}
