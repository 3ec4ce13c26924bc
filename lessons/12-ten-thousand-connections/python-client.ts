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
  /** Its resident memory before the first connection. */
  idleRssMb: number;
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

interface Interpreter {
  version: string;
  /** The interpreter itself, not a wrapper such as pyenv's shim. */
  executable: string;
}

let found: Interpreter | null | undefined;

/**
 * The python3 on the PATH, asked where its interpreter is: a wrapper
 * script (pyenv's shim is one) would add its own memory and CPU time to
 * the measurement, since the kernel counts a process across exec().
 */
function interpreter(): Interpreter | null {
  if (found !== undefined) return found;
  const result = spawnSync(
    "python3",
    ["-c", "import sys; print(sys.version.split()[0]); print(sys.executable)"],
    { encoding: "utf8" },
  );
  if (result.error !== undefined || result.status !== 0) found = null;
  else {
    const [version = "", executable = ""] = result.stdout.trim().split("\n");
    found = { version: `Python ${version}`, executable };
  }
  return found;
}

/** "Python 3.11.7", or null when there is no python3 to run. */
export function pythonVersion(): string | null {
  return interpreter()?.version ?? null;
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
  const program = interpreter()?.executable ?? "python3";
  const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
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
