// Runs a Python program that prints one JSON object, for the lessons that
// set an asyncio original beside their TypeScript. Python is optional on a
// learner's machine: without it the answer is null, and the caller says so.
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
