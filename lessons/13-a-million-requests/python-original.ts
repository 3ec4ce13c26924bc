// Runs the asyncio version (million.py) and, for the same load, the
// load generator as its own command, each in a process of its own, so
// that their memory and CPU are theirs alone. Python's aiohttp is
// optional: without it, says so and stops.
import { runCommand } from "../../src/lib/run-command.ts";

/** The last line of million.py, and of `npm run loadgen`. */
export interface ClientFigures {
  requests: number;
  errors: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxRssMb: number;
  cpuPercent: number;
}

const SCRIPT = new URL("./million.py", import.meta.url).pathname;
const LOADGEN = new URL("../../src/cli/loadgen.ts", import.meta.url).pathname;
// Debian's Python, where python3-aiohttp installs aiohttp; a `python3`
// earlier on the PATH (pyenv, say) may not have it.
export const PYTHON = "/usr/bin/python3";

function lastJson(stdout: string): ClientFigures {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines.at(-1) ?? "") as ClientFigures;
}

/** Whether `PYTHON` exists and can import aiohttp. */
export async function hasAiohttp(): Promise<boolean> {
  const result = await runCommand(PYTHON, ["-c", "import aiohttp"]);
  return result !== null && result.code === 0;
}

/** million.py's report, or null when there is no Python with aiohttp. */
export async function runPythonOriginal(
  url: string,
  total: number,
  concurrency: number,
  sessionPerRequest = false,
): Promise<ClientFigures | null> {
  if (!(await hasAiohttp())) return null;
  const args = [SCRIPT, url, String(total), String(concurrency)];
  if (sessionPerRequest) args.push("--session-per-request");
  const result = await runCommand(PYTHON, args);
  if (result === null || result.code !== 0) {
    throw new Error(`million.py failed: ${result?.stderr ?? "no python"}`);
  }
  return lastJson(result.stdout);
}

/** `npm run loadgen -- URL -n total -c connections`, as a child. */
export async function runLoadgenChild(
  url: string,
  total: number,
  connections: number,
): Promise<ClientFigures> {
  const args = [LOADGEN, url, "-n", String(total), "-c", String(connections)];
  const result = await runCommand(process.execPath, args);
  if (result === null || result.code !== 0) {
    throw new Error(`loadgen failed: ${result?.stderr ?? ""}`);
  }
  return lastJson(result.stdout);
}
