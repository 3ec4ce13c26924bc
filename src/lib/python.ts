// Runs a Python program that prints one JSON object, for the lessons that
// set an asyncio original beside their TypeScript. Python is optional on a
// learner's machine: without it the answer is null, and the caller says so.
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { serverClient } from "../server/client.ts";
import { settledLog } from "../server/settled.ts";
import type { RequestRecord } from "../server/types.ts";
import { formatMs } from "./format.ts";
import { runCommand } from "./run-command.ts";

export interface PythonOptions {
  /** The interpreter to run; `python3` unless told otherwise. */
  python?: string;
  signal?: AbortSignal;
}

/**
 * Run `python3 script ...args` to its end and parse what it printed as
 * JSON. Resolves null when there is no such interpreter; rejects, with its
 * standard error, when the program exits with anything but 0, and when what
 * it printed is not JSON.
 */
export async function runPythonJson<T>(
  script: string,
  args: string[],
  options: PythonOptions = {},
): Promise<T | null> {
  const python = options.python ?? "python3";
  const result = await runCommand(
    python,
    [script, ...args],
    options.signal ? { signal: options.signal } : {},
  );
  if (result === null) return null;
  const { code, stdout, stderr } = result;
  if (code !== 0) {
    throw new Error(`${script} exited with ${code}: ${stderr.trim()}`);
  }
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${script} printed no JSON: ${stdout.slice(0, 200)}`);
  }
}

/** What to install when Debian's Python or its aiohttp is missing. */
export const PYTHON_INSTALL = "apt install python3 python3-aiohttp";

/**
 * The interpreter for the asyncio originals: `LESSON_PYTHON` when set,
 * else Debian's /usr/bin/python3 when it exists (python3-aiohttp installs
 * aiohttp for it, not for a `python3` earlier on the PATH, such as
 * pyenv's), else `python3`.
 */
export function pythonCommand(env = process.env): string {
  const chosen = env["LESSON_PYTHON"];
  if (chosen !== undefined && chosen !== "") return chosen;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/**
 * Why the asyncio originals cannot run here, in one line that says what to
 * install, or null when `pythonCommand()` runs and imports each of
 * `modules`.
 */
export async function pythonMissing(
  modules: string[] = ["asyncio"],
  python = pythonCommand(),
): Promise<string | null> {
  const imports = modules.map((name) => `import ${name}`).join("; ");
  const result = await runCommand(python, ["-c", imports]);
  if (result === null) {
    return `${python} is not installed (${PYTHON_INSTALL})`;
  }
  if (result.code !== 0) {
    const last = result.stderr.trim().split("\n").at(-1) ?? "";
    return `${python} cannot import ${modules.join(", ")}: ${last} (${PYTHON_INSTALL})`;
  }
  return null;
}

/**
 * Run `python script ...args` to its end and answer the lines it printed
 * on standard output, the last newline dropped. Rejects, with its standard
 * error, when the program exits with anything but 0 or is not there.
 */
export async function runPythonLines(
  script: string,
  args: string[],
  options: PythonOptions = {},
): Promise<string[]> {
  const python = options.python ?? pythonCommand();
  const result = await runCommand(
    python,
    // -u: unbuffered, so what it printed before a failure is kept.
    ["-u", script, ...args],
    options.signal ? { signal: options.signal } : {},
  );
  if (result === null) throw new Error(`${python} is not installed`);
  const { code, stdout, stderr } = result;
  if (code !== 0) {
    throw new Error(
      `${basename(script)} exited with ${code}: ${stderr.trim()}\n` +
        `it printed: ${stdout.trim()}`,
    );
  }
  return stdout.length === 0 ? [] : stdout.replace(/\n$/, "").split("\n");
}

/** What a lesson run gives `runOriginal`: its `print` and `signal`. */
export interface PrintTarget {
  print: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * For a lesson run: run an asyncio original and answer its lines, or, when
 * the interpreter or one of `modules` is missing, print one line that says
 * what to install and answer null.
 */
export async function runOriginal(
  ctx: PrintTarget,
  script: string,
  args: string[],
  modules: string[] = ["asyncio"],
): Promise<string[] | null> {
  const missing = await pythonMissing(modules);
  if (missing !== null) {
    ctx.print(`${missing}: nothing to compare with`);
    return null;
  }
  return runPythonLines(script, args, ctx.signal ? { signal: ctx.signal } : {});
}

/** One side of a comparison, as the server's log saw it. */
export interface LogFigures {
  requests: number;
  /** Most requests in flight at one moment. */
  peakInFlight: number;
  /** From the first arrival to the last finish. */
  busyMs: number;
}

/** Requests, peak in flight and busy span of a stretch of the log. */
export function logFigures(records: RequestRecord[]): LogFigures {
  // A finish at the same moment as an arrival is counted first: the two
  // were not in flight together.
  const events = records.flatMap((r) => [
    [r.arrivedAt, 1] as const,
    [r.finishedAt ?? Number.POSITIVE_INFINITY, -1] as const,
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of events) {
    now += step;
    peak = Math.max(peak, now);
  }
  const first = Math.min(...records.map((r) => r.arrivedAt));
  const last = Math.max(...records.map((r) => r.finishedAt ?? r.arrivedAt));
  return {
    requests: records.length,
    peakInFlight: peak,
    busyMs: records.length === 0 ? 0 : last - first,
  };
}

/** What `measured` answers: the value, the wall time and the log. */
export interface Measured<T> {
  value: T;
  wallMs: number;
  /** The server's records of the requests made meanwhile (no /stats). */
  requests: RequestRecord[];
}

/**
 * Run `work` and keep the server's records of the requests it made, so
 * that two versions run one after the other in one lesson run each get
 * their own figures.
 */
export async function measured<T>(
  server: { serverUrl: string; echo: { host: string; port: number } },
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const client = serverClient(server.serverUrl, server.echo);
  const lastId = (await client.stats()).requests.at(-1)?.id ?? 0;
  const start = performance.now();
  const value = await work();
  const wallMs = performance.now() - start;
  // An aborted request is logged as aborted, not as still in flight.
  const requests = (await settledLog(client)).filter((r) => r.id > lastId);
  return { value, wallMs, requests };
}

/** One line of a comparison: `label: 2 requests, at most 2 in flight, ...`. */
export function figuresLine(label: string, requests: RequestRecord[]): string {
  const { requests: n, peakInFlight, busyMs } = logFigures(requests);
  return (
    `${label}: ${n} request${n === 1 ? "" : "s"}, at most ${peakInFlight} ` +
    `in flight, server busy ${formatMs(busyMs)}`
  );
}
