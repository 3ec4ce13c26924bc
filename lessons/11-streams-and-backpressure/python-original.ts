// Runs the asyncio version (backpressure.py) against the slow reader, for the
// page and its test. Python is optional: without it, says so and stops.
import { runPythonJson } from "../../src/lib/python.ts";
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
    const report = await runPythonJson<Omit<PythonReport, "received">>(SCRIPT, [
      String(reader.port),
      `${chunks}`,
    ]);
    return report === null ? null : { ...report, received: await ended };
  } finally {
    await reader.close();
  }
}
