// Runs one of the workshop's commands as a child process, as a reader would,
// and lets a test wait for what it prints, signal it, and read how it ended.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface CliProcess {
  /** Resolves with all stdout so far once it matches `pattern`. */
  printed(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** `node src/cli/<name>.ts ...args`, with Node 24 (the test's own Node). */
export function runCli(name: string, args: string[]): CliProcess {
  return runProgram(new URL(`../../src/cli/${name}.ts`, import.meta.url), args);
}

/** `node <file> ...args`, with Node 24 (the test's own Node). */
export function runProgram(program: URL, args: string[]): CliProcess {
  const file = fileURLToPath(program);
  const child = spawn(process.execPath, [file, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (out: string) => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters.filter((w) => w.pattern.test(stdout))) {
      waiter.resolve(stdout);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
  return {
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stdout)) resolve(stdout);
        waiters.push({ pattern, resolve });
        void exited.then((end) =>
          reject(
            new Error(
              `exited ${end.code} before printing ${pattern}:\n${end.stdout}\n${end.stderr}`,
            ),
          ),
        );
      }),
    exited,
    kill: (signal) => child.kill(signal),
  };
}

/** The JSON object on the last line of `stdout`. */
export function lastJson(stdout: string): Record<string, unknown> {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as Record<string, unknown>;
}
