// Where Node sits: libuv waits for sockets by readiness (epoll on Linux),
// but has no readiness for files, so `fs` runs its calls on a small thread
// pool, shared with `crypto.pbkdf2`, `zlib` and `dns.lookup`. With every
// pool thread busy hashing, a file read waits its turn; a socket does not.
import { spawn } from "node:child_process";
import { get } from "node:http";
import { pbkdf2 } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const hash = promisify(pbkdf2);

export interface PoolReport {
  poolSize: number;
  /** When each hash finished, ms after the start. */
  hashesMs: number[];
  /** When the file read finished. */
  readFileMs: number;
  /** When GET /delay/0 had its whole body. */
  getMs: number;
}

/** GET `url` on a connection of its own and read the body to its end. */
function getBody(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve(body));
      response.on("error", reject);
    }).on("error", reject);
  });
}

// #region pool-vs-socket
/** Fill the pool with hashes, then read a file and fetch over a socket. */
export async function poolVersusSocket(
  baseUrl: string,
  poolSize: number,
  iterations: number,
): Promise<PoolReport> {
  const start = performance.now();
  const since = () => performance.now() - start;
  // One hash per pool thread: each holds its thread until it is done.
  const hashes = Array.from({ length: poolSize }, () =>
    hash("secret", "salt", iterations, 32, "sha256").then(since),
  );
  // Both start now. The read needs a pool thread; the socket needs none.
  const read = readFile(import.meta.filename).then(since);
  const fetched = getBody(`${baseUrl}/delay/0`).then(since);
  const [hashesMs, readFileMs, getMs] = await Promise.all([
    Promise.all(hashes),
    read,
    fetched,
  ]);
  return { poolSize, hashesMs, readFileMs, getMs };
}
// #endregion

/**
 * Run `poolVersusSocket` in a Node process of its own, whose pool has
 * exactly `poolSize` threads (`UV_THREADPOOL_SIZE` is read once, at the
 * pool's first use, so it must be set before the process starts).
 */
export async function runInFreshProcess(
  baseUrl: string,
  poolSize: number,
  iterations: number,
  signal?: AbortSignal,
): Promise<PoolReport> {
  const child = spawn(
    process.execPath,
    [new URL("./pool-child.ts", import.meta.url).pathname, baseUrl],
    {
      env: {
        ...process.env,
        UV_THREADPOOL_SIZE: String(poolSize),
        POOL_ITERATIONS: String(iterations),
      },
      stdio: ["ignore", "pipe", "inherit"],
      ...(signal && { signal }),
    },
  );
  let stdout = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`pool-child.ts exited with ${code}`);
  return JSON.parse(stdout) as PoolReport;
}
