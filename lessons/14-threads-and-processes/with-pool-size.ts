// Runs one of this lesson's child programs in a process of its own, whose
// libuv thread pool has the size we ask for. The size must be in the
// environment before the child starts: the pool is made the first time a
// call needs it, which may be before the program's own first line, and
// setting `process.env.UV_THREADPOOL_SIZE` after that changes nothing.
import { spawn } from "node:child_process";
import { once } from "node:events";

// #region with-pool-size
/** The child's standard output; `poolSize` undefined means the default. */
export async function withPoolSize(
  script: URL,
  args: string[],
  poolSize: number | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const env = { ...process.env };
  if (poolSize === undefined) delete env["UV_THREADPOOL_SIZE"];
  else env["UV_THREADPOOL_SIZE"] = String(poolSize);
  const child = spawn(process.execPath, [script.pathname, ...args], {
    env,
    signal,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text) => (output += text));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`${script.pathname} exited with ${code}`);
  return output;
}
// #endregion
