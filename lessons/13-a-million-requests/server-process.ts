// Starts serve.ts as a child process: the bundled server on its own core
// (or several, as a cluster), so that a load generator measures the server
// and not itself. Also freezes it on request, for a server that stalls.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

/** The first line serve.ts prints. */
export interface ServedBy {
  url: string;
  /** The workers' pids (the cluster's primary only hands out connections). */
  pids: number[];
}

/** What one worker served since the last reset. */
export interface WorkerCounts {
  pid: number;
  requests: number;
  connections: number;
  /** CPU time the worker has used since it started. */
  cpuMs: number;
}

export interface ServerProcess extends ServedBy {
  /** Each worker's requests and connections since the last reset. */
  counts(): Promise<WorkerCounts[]>;
  reset(): Promise<void>;
  /** Freezes every worker (SIGSTOP) for `ms`, then lets them go on. */
  stall(ms: number): Promise<void>;
  close(): Promise<void>;
}

const SERVE = new URL("./serve.ts", import.meta.url).pathname;

export async function startServerProcess(workers = 1): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVE, "--workers", `${workers}`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[
    Symbol.asyncIterator
  ]();
  const exited = once(child, "exit");
  const nextLine = async (): Promise<string> => {
    const line = await Promise.race([
      lines.next(),
      exited.then(([code]) => {
        throw new Error(`serve.ts exited with code ${code}`);
      }),
    ]);
    if (line.done) throw new Error("serve.ts closed its output");
    return line.value;
  };
  const served = JSON.parse(await nextLine()) as ServedBy;
  // One question at a time on the pipe.
  let queue: Promise<unknown> = Promise.resolve();
  const counts = (): Promise<WorkerCounts[]> => {
    const asked = queue.then(async () => {
      child.stdin.write("stats\n");
      return JSON.parse(await nextLine()) as WorkerCounts[];
    });
    queue = asked.catch(() => {});
    return asked;
  };
  return {
    ...served,
    counts,
    async reset() {
      child.stdin.write("reset\n");
      // The reply to a question asked after the reset comes after it.
      await counts();
    },
    async stall(ms: number) {
      for (const pid of served.pids) process.kill(pid, "SIGSTOP");
      try {
        await sleep(ms);
      } finally {
        for (const pid of served.pids) process.kill(pid, "SIGCONT");
      }
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      await exited;
    },
  };
}
