// Runs the asyncio version (threads_and_processes.py) against the bundled
// server, for the page and its test. Python is optional: without it, says
// so and stops.
import { runPythonJson } from "../../src/lib/python.ts";

interface Timed {
  primes: number;
  seconds: number;
  cpu_seconds?: number;
}

/** What threads_and_processes.py prints, as it prints it. */
export interface PythonReport {
  python: string;
  gil: boolean;
  primes_below: number;
  blocking_calls: { statuses: number[]; seconds: number };
  cpu_bound: {
    one_thread: Timed;
    two_threads: Timed;
    two_processes: Timed;
  };
  threadsafe: { value: number; callback_on_loop_thread: boolean };
  subprocess: {
    finished: { lines: string[]; returncode: number };
    cancelled: string[];
  };
}

const SCRIPT = new URL("./threads_and_processes.py", import.meta.url).pathname;

/** The report of threads_and_processes.py, or null without `python3`. */
export async function runPythonOriginal(
  serverUrl: string,
  primesBelow = 160_000,
  signal?: AbortSignal,
): Promise<PythonReport | null> {
  return runPythonJson<PythonReport>(
    SCRIPT,
    [serverUrl, `${primesBelow}`],
    signal ? { signal } : {},
  );
}
