// `node:cluster`: several processes that serve one port. Each is a whole
// Node with its own event loop and its own memory; the primary process
// accepts the connections and hands them out in turn.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const PRIMARY = new URL("./cluster-primary.ts", import.meta.url).pathname;

export interface ClusterReport {
  /** The workers' process ids, in the order they were forked. */
  pids: number[];
  /** Which worker answered each request, by its place in `pids`. */
  answeredBy: number[];
}

/** Starts a cluster of `workers` and sends it `requests` requests, each on
 * a new connection, one after the other. */
export async function askCluster(
  workers: number,
  requests: number,
  signal?: AbortSignal,
): Promise<ClusterReport> {
  const primary = spawn(process.execPath, [PRIMARY, `${workers}`], {
    signal,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = once(primary, "close");
  // Awaited at the end; until then, an early exit must not go unhandled.
  exited.catch(() => {});
  try {
    const lines = createInterface({ input: primary.stdout });
    const [line] = (await Promise.race([
      once(lines, "line"),
      exited.then(() => {
        throw new Error("the cluster's primary exited before it listened");
      }),
    ])) as [string];
    const { port, pids } = JSON.parse(line) as { port: number; pids: number[] };
    const answeredBy: number[] = [];
    for (let i = 0; i < requests; i++) {
      // `connection: close`: a new connection each time, for the primary
      // to hand to the next worker.
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { connection: "close" },
        signal: signal ?? null,
      });
      answeredBy.push(pids.indexOf(Number(await response.text())));
    }
    return { pids, answeredBy };
  } finally {
    primary.stdin.end();
    await exited;
  }
}
