// The TypeScript version of the original program in a process of its own,
// so that its memory can be set beside the asyncio original's: runs
// `sessionPerTask` (or `oneSession` with --one-session) and prints one line
// of JSON with what it saw and the most memory it held (VmHWM in /proc).
import { readProc } from "../../src/lib/linux-proc.ts";
import { oneSession, sessionPerTask } from "./original.ts";

export interface ChildReport {
  answered: number;
  ms: number;
  /** VmHWM of /proc/self/status in MB, or null without /proc. */
  maxRssMb: number | null;
}

function maxRssMb(): number | null {
  const status = readProc("/proc/self/status");
  const kb = status && /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

const [url = "", tasks = "1000", limit = "500", mode = ""] =
  process.argv.slice(2);
const program = mode === "--one-session" ? oneSession : sessionPerTask;
const start = performance.now();
const outcomes = await program(new URL(url), {
  tasks: Number(tasks),
  limit: Number(limit),
});
const report: ChildReport = {
  answered: outcomes.filter((o) => o.status === "fulfilled").length,
  ms: performance.now() - start,
  maxRssMb: maxRssMb(),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
