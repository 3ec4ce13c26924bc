// Runs the original Python tutorial's client (asyncli.py, ported to today's
// asyncio) as a child process and reads the JSON line it ends with. Python
// is optional: without python3 on the PATH, `done` resolves with null.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface PythonSummary {
  client: "python-asyncio";
  connections: number;
  responses: number;
  errors: number;
  errorKinds: Record<string, number>;
  rampMs: number | null;
  seconds: number;
  rssMb: number;
  cpuPercent: number;
}

export interface PythonOptions {
  url: string;
  connections: number;
  /** The original's -k: pauses of 1 to keepalive // 2 whole seconds. */
  keepalive: number;
  seconds: number;
}

export interface PythonProcess {
  child: ChildProcess;
  /** Null when python3 could not be started. */
  done: Promise<PythonSummary | null>;
}

/** "Python 3.11.7", or null when there is no python3 to run. */
export function pythonVersion(): string | null {
  const result = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) return null;
  return (result.stdout || result.stderr).trim();
}

export const SCRIPT = fileURLToPath(new URL("./asyncli.py", import.meta.url));

export function startPythonClient(options: PythonOptions): PythonProcess {
  const args = [
    SCRIPT,
    options.url,
    "-c",
    String(options.connections),
    "-k",
    String(options.keepalive),
    "--seconds",
    String(options.seconds),
    "--quiet",
  ];
  const child = spawn("python3", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  const done = (async (): Promise<PythonSummary | null> => {
    const [outcome] = await Promise.race([
      once(child, "exit"),
      once(child, "error"),
    ]);
    if (outcome instanceof Error) {
      if ((outcome as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw outcome;
    }
    if (outcome !== 0) {
      throw new Error(`asyncli.py exited with ${outcome}: ${stderr}`);
    }
    const last = stdout.trim().split("\n").at(-1) ?? "";
    return JSON.parse(last) as PythonSummary;
  })();
  return { child, done };
}
