// Runs the asyncio version (backpressure.py) against the slow reader, for the
// page and its test. Python is optional: without it, says so and stops.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { startSlowReader } from "./slow-reader.ts";

export interface PythonReport {
  low: number;
  high: number;
  peakBuffered: number;
  bytes: number;
  /** What the reader got. */
  received: number;
}

const SCRIPT = new URL("./backpressure.py", import.meta.url).pathname;

/** The report of backpressure.py, or null when there is no `python3`. */
export async function runPythonOriginal(
  chunks: number,
  bytesPerSecond: number,
): Promise<PythonReport | null> {
  const reader = await startSlowReader({ bytesPerSecond });
  try {
    const ended = reader.nextEnd();
    const child = spawn("python3", [SCRIPT, String(reader.port), `${chunks}`]);
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
      throw new Error(`backpressure.py exited with ${outcome}: ${stderr}`);
    }
    const report = JSON.parse(stdout) as Omit<PythonReport, "received">;
    return { ...report, received: await ended };
  } finally {
    await reader.close();
  }
}
