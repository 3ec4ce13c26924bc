// Runs the asyncio version (tickets.py) against the bundled server, for the
// page and its test. Python is optional: without it, says so and stops.
import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Outcome } from "./ticket-office.ts";

export interface PythonSale {
  sold: number;
  left: number;
  outcomes: Outcome[];
}

export interface PythonReport {
  buyers: number;
  tickets: number;
  withoutLock: PythonSale;
  withLock: PythonSale;
  /** No lock, and an `await` of a coroutine that never suspends. */
  awaitedHelper: PythonSale;
}

const SCRIPT = new URL("./tickets.py", import.meta.url).pathname;

/** The report of tickets.py, or null when there is no `python3`. */
export async function runPythonOriginal(
  serverUrl: string,
  signal?: AbortSignal,
): Promise<PythonReport | null> {
  const child = spawn("python3", [SCRIPT, serverUrl], signal && { signal });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  const [outcome] = await Promise.race([
    once(child, "exit"),
    once(child, "error"),
  ]);
  if (outcome instanceof Error) {
    if ((outcome as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw outcome;
  }
  if (outcome !== 0) {
    throw new Error(`tickets.py exited with ${outcome}: ${stderr}`);
  }
  return JSON.parse(stdout) as PythonReport;
}
