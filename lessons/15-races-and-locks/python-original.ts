// Runs the asyncio version (tickets.py) against the bundled server, for the
// page and its test. Python is optional: without it, the answer is null.
import { runPythonJson } from "../../src/lib/python.ts";
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
  /** Five tasks, each `total += await ...` of 1 from a request. */
  compoundTotal: number;
}

const SCRIPT = new URL("./tickets.py", import.meta.url).pathname;

/** The report of tickets.py, or null when there is no `python3`. */
export function runPythonOriginal(
  serverUrl: string,
  signal?: AbortSignal,
): Promise<PythonReport | null> {
  return runPythonJson<PythonReport>(SCRIPT, [serverUrl], signal && { signal });
}
