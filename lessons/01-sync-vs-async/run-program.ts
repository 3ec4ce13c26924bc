// Runs a small program as a child Node process, so that a crash, an exit or
// a signal ends the child and not the caller, and we can read what it left.
import { spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** How a program ended, and what it printed. */
export interface ProgramExit {
  /** Exit code, or null if a signal ended it. */
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string[];
  stderr: string;
  /** From the spawn to the exit. */
  ms: number;
}

export interface RunningProgram {
  /** Resolves with the first line of stdout that matches `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Send a signal to the child, e.g. "SIGTERM". */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<ProgramExit>;
}

// A program that misbehaves is killed rather than left to hang a test.
const KILL_AFTER_MS = 20_000;
// The repository's root, as the file: URLs in a child's stack traces name it.
const ROOT = new URL("../../", import.meta.url).href;

/** Start the TypeScript program `file` with `args`. */
export function startProgram(file: URL, args: string[]): RunningProgram {
  const start = performance.now();
  const child = spawn(process.execPath, [fileURLToPath(file), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    timeout: KILL_AFTER_MS,
  });
  const stdout: string[] = [];
  const lines = new EventEmitter<{ line: [string] }>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    stdout.push(line);
    lines.emit("line", line);
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = once(child, "close").then(([code, signal]): ProgramExit => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
    ms: performance.now() - start,
  }));

  return {
    exited,
    kill: (signal) => void child.kill(signal),
    waitFor(pattern) {
      const seen = stdout.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const onLine = (line: string) => {
          if (!pattern.test(line)) return;
          lines.off("line", onLine);
          resolve(line);
        };
        lines.on("line", onLine);
        void exited.then(() => {
          lines.off("line", onLine);
          reject(new Error(`${file.pathname} exited before ${pattern}`));
        });
      });
    },
  };
}

/** Run the TypeScript program `file` to its end. */
export function runProgram(file: URL, args: string[]): Promise<ProgramExit> {
  return startProgram(file, args).exited;
}

/** The line of a crashed Node process's stderr that names the error. */
export function errorLine(stderr: string): string {
  const line = stderr
    .split("\n")
    .find((l) => /^\w*(Error|Exception)\b/.test(l));
  return line ?? firstLine(stderr);
}

/** The first line of stderr, with this repository's file: URLs made
 * relative to its root, so that it reads the same on every machine. */
export function firstLine(stderr: string): string {
  return (stderr.trim().split("\n")[0] ?? "").replaceAll(ROOT, "");
}
