// Runs a Python program that prints one JSON object, for the lessons that
// set an asyncio original beside their TypeScript. Python is optional on a
// learner's machine: without it the answer is null, and the caller says so.
import { spawn } from "node:child_process";

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
  const child = spawn(python, [script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.signal && { signal: options.signal }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  // A missing interpreter is an 'error' and no 'close'; a program that ran
  // is a 'close' with its exit code (null if a signal ended it).
  const outcome = await new Promise<number | null | Error>((resolve) => {
    child.once("error", resolve);
    child.once("close", resolve);
  });
  if (outcome instanceof Error) {
    if ((outcome as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw outcome;
  }
  if (outcome !== 0) {
    throw new Error(`${script} exited with ${outcome}: ${stderr.trim()}`);
  }
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${script} printed no JSON: ${stdout.slice(0, 200)}`);
  }
}
