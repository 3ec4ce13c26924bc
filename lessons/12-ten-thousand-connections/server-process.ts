// The bundled server in a process of its own, as `npm run lesson` runs it:
// so that its memory, CPU time and open files are its own, and its
// descriptors do not count against the client's limit.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  parseStat,
  parseStatus,
  readProc,
  type ProcessMemory,
} from "../../src/lib/linux-proc.ts";

const SERVER_CHILD = fileURLToPath(
  new URL("../../src/cli/server-child.ts", import.meta.url),
);

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Its memory now, or null where /proc cannot tell. */
  memory(): ProcessMemory | null;
  /** Its CPU time so far, in clock ticks, or null. */
  cpuTicks(): number | null;
  /** HTTP connections it holds open now. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_CHILD], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the server exited before it started (code ${code})`);
  });
  exited.catch(() => {});
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([once(lines, "line"), exited])) as [
    string,
  ];
  lines.close();
  const { url } = JSON.parse(line) as { url: string };
  const pid = child.pid!;
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    memory: () => parseStatus(readProc(`/proc/${pid}/status`) ?? ""),
    cpuTicks: () =>
      parseStat(readProc(`/proc/${pid}/stat`) ?? "")?.ownTicks ?? null,
    async openConnections() {
      // A `since` past every record: the totals without the log.
      const response = await fetch(`${url}/stats?since=999999999999`);
      const stats = (await response.json()) as { openConnections: number };
      return stats.openConnections;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, "exit");
      // The server child stops when its stdin closes.
      child.stdin.end();
      await gone;
    },
  };
}
