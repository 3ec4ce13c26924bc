// Start the bundled server in a child process (test/server/fixtures/
// child-server.ts) and talk to it: its address, its memory peaks, its
// stderr, whether it is still alive. Cleanup is the caller's: `stop()`.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const CHILD_SERVER = fileURLToPath(
  new URL("./fixtures/child-server.ts", import.meta.url),
);

export interface MemoryPeaks {
  rss: number;
  heapUsed: number;
  external: number;
  bufferedBytes: number;
}

export interface Memory {
  peak: MemoryPeaks;
  baseline: MemoryPeaks;
  bufferedNow: number;
  sockets: { http: number; echo: number; httpAccepted: number };
}

export interface ChildServer {
  url: string;
  port: number;
  echoPort: number;
  process: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Set once it has exited: its code or signal. */
  exited(): string | undefined;
  /** Its memory peaks since start, the figures at start, and the bytes its
   * sockets buffer now. */
  memory(): Promise<Memory>;
  /** The heap in use after a full collection, at start and now (the child
   * must run with --expose-gc). */
  liveHeap(): Promise<{ start: number; now: number }>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Options for `startServer`, as JSON. */
  server?: object;
  /** Flags for node, e.g. --max-old-space-size=64. */
  nodeFlags?: string[];
  /** Run under `sh -c 'ulimit -n N; exec ...'` (sets soft and hard). */
  fileLimit?: number;
  env?: NodeJS.ProcessEnv;
}

export async function startChild(
  options: ChildOptions = {},
): Promise<ChildServer> {
  const args = [
    ...(options.nodeFlags ?? []),
    CHILD_SERVER,
    JSON.stringify(options.server ?? {}),
  ];
  const stdio = ["ignore", "pipe", "pipe", "ipc"] as const;
  const env = { ...process.env, ...options.env };
  // Node raises its soft limit to the hard one at start-up, so only a hard
  // limit holds: `ulimit -n` in sh sets both.
  const child =
    options.fileLimit === undefined
      ? spawn(process.execPath, args, { stdio: [...stdio], env })
      : spawn(
          "sh",
          [
            "-c",
            `ulimit -n ${options.fileLimit} && exec "$0" "$@"`,
            process.execPath,
            ...args,
          ],
          { stdio: [...stdio], env },
        );
  let stderr = "";
  let exited: string | undefined;
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const gone = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      resolve();
    });
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string | undefined>((resolve) => {
    lines.once("line", resolve);
    lines.once("close", () => resolve(undefined));
  });
  if (first === undefined) {
    await gone;
    throw new Error(`the server child exited (${exited}): ${stderr}`);
  }
  lines.on("line", () => {});
  // One question at a time: each answer is the next message.
  const ask = <T>(question: string) =>
    new Promise<T>((resolve, reject) => {
      if (exited !== undefined) {
        return reject(new Error(`the server child exited (${exited})`));
      }
      child.once("message", (message) => resolve(message as T));
      child.send(question);
    });
  const address = JSON.parse(first) as {
    url: string;
    port: number;
    echoPort: number;
  };
  return {
    ...address,
    process: child,
    stderr: () => stderr,
    exited: () => exited,
    memory: () => ask<Memory>("memory"),
    async liveHeap() {
      const { liveHeap } = await ask<{
        liveHeap: { start: number; now?: number };
      }>("live heap");
      if (liveHeap.now === undefined) {
        throw new Error("liveHeap() needs the child started with --expose-gc");
      }
      return { start: liveHeap.start, now: liveHeap.now };
    },
    async stop() {
      if (exited === undefined) child.kill("SIGTERM");
      await gone;
    },
  };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
