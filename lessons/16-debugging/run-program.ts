// Runs one of the buggy programs in ./programs/ as a child Node process, with
// the flags and environment a debugging tool needs, and keeps what it
// printed with this repository's paths made relative, so that a recording
// reads the same on every machine.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** How a program ended, and what it printed. */
export interface ProgramExit {
  /** Exit code, or null if a signal ended it. */
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  /** Its stdout, one entry a line, paths made relative. */
  stdout: string[];
  /** Its stderr, one entry a line, paths made relative. */
  stderr: string[];
  /** From the spawn to the exit. */
  ms: number;
}

export interface ProgramOptions {
  /** Flags for Node itself, before the file: `--cpu-prof`, say. */
  nodeArgs?: string[];
  /** Variables added to this process's environment. */
  env?: Record<string, string>;
  /** Kill the program this long after its stdout printed `lastLine`. */
  killAfterLine?: { lastLine: RegExp; ms: number };
  signal?: AbortSignal;
}

// The repository's root: children run there, so that the tools that print
// paths relative to the working directory print `lessons/16-debugging/...`.
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ROOT_URL = new URL("../../", import.meta.url).href;
// A program that misbehaves is killed rather than left to hang a run.
const KILL_AFTER_MS = 30_000;

/** `line` with this repository's file: URLs and paths made relative. */
export function relativePaths(line: string): string {
  return line.replaceAll(ROOT_URL, "").replaceAll(ROOT, "");
}

function lines(text: string): string[] {
  const all = text.split("\n").map(relativePaths);
  if (all.at(-1) === "") all.pop();
  return all;
}

/** The path of `programs/<name>.ts`. */
export function programPath(name: string): string {
  return fileURLToPath(new URL(`./programs/${name}.ts`, import.meta.url));
}

/** Run `programs/<name>.ts` with `args` to its end (or until killed). */
export async function runProgram(
  name: string,
  args: string[] = [],
  options: ProgramOptions = {},
): Promise<ProgramExit> {
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), programPath(name), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: KILL_AFTER_MS,
      ...(options.signal && { signal: options.signal }),
    },
  );
  let stdout = "";
  let stderr = "";
  let killer: NodeJS.Timeout | undefined;
  const watch = options.killAfterLine;
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
    // A program that should have ended by now gets a grace period, then
    // SIGKILL: that is how a run shows "it did not exit".
    if (watch && killer === undefined && watch.lastLine.test(stdout)) {
      killer = setTimeout(() => child.kill("SIGKILL"), watch.ms);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  try {
    const [code, signal] = (await once(child, "close")) as [
      number | null,
      NodeJS.Signals | null,
    ];
    return {
      code,
      signal,
      stdout: lines(stdout),
      stderr: lines(stderr),
      ms: performance.now() - start,
    };
  } finally {
    clearTimeout(killer);
  }
}
