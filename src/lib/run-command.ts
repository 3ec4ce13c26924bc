// Runs a command to its end and keeps what it printed, for the lessons that
// run another runtime's program (Python, mostly) beside their TypeScript. A
// missing command is not an error: the answer is null, and the caller says
// which runtime is missing.
import { spawn } from "node:child_process";

export interface CommandOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface CommandResult {
  /** Exit code, or null if a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `command args...`; null when there is no such command. */
export async function runCommand(
  command: string,
  args: string[],
  options: CommandOptions = {},
): Promise<CommandResult | null> {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.signal && { signal: options.signal }),
    ...(options.env && { env: options.env }),
    ...(options.cwd && { cwd: options.cwd }),
  });
  let stdout = "";
  let stderr = "";
  // Decoded by the stream, so a character split between chunks stays whole.
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  // A missing command is an 'error' and no 'close'; a program that ran is a
  // 'close' with its exit code (null if a signal ended it).
  const outcome = await new Promise<number | null | Error>((resolve) => {
    child.once("error", resolve);
    child.once("close", resolve);
  });
  if (outcome instanceof Error) {
    if ((outcome as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw outcome;
  }
  return { code: outcome, stdout, stderr };
}
