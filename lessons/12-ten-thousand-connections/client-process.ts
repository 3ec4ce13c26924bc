// Starts keepalive-process.ts as plain JavaScript in a child process, with
// the V8 flags that keep it lean, and reads its JSON lines.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  writeAsJavaScript,
  type PlainJavaScript,
} from "../../src/lib/plain-javascript.ts";
import type { Gauges } from "./gauges.ts";
import type { Counts } from "./keepalive-client.ts";
import type { ProcessOptions } from "./keepalive-process.ts";

// #region flags
/**
 * V8 flags of the client process. `--max-semi-space-size=1` keeps the
 * young generation at 1 MiB per half instead of letting it grow to 64
 * (Node 24's default on a machine with gigabytes of memory): a client
 * that allocates little gains nothing from a big one. `--no-opt` and `--no-maglev` leave
 * out V8's optimizing compilers, whose code and working memory cost more
 * than they save for a loop this small: the interpreter and the baseline
 * compiler (Sparkplug) run it, at some cost in CPU.
 */
export const LEAN_FLAGS: readonly string[] = [
  "--max-semi-space-size=1",
  "--no-opt",
  "--no-maglev",
];
// #endregion

export type Progress = Counts & Gauges & { type: "progress" };

export interface Summary {
  type: "summary";
  client: "node";
  connections: number;
  responses: number;
  errors: number;
  errorKinds: Record<string, number>;
  started: number;
  rampMs: number | null;
  seconds: number;
  requestsPerSecond: number;
  rssMb: number;
  /** Resident memory before the first connection, in MiB. */
  idleRssMb: number;
  cpuPercent: number;
  loopDelayMaxMs: number;
  openFilesPeak: number;
  /** CPU while every connection was open (between two reports). */
  steady: { seconds: number; cpuMs: number; responses: number };
}

export interface StartOptions {
  /** V8 flags (default LEAN_FLAGS). */
  nodeFlags?: readonly string[];
  /** Run the .ts file itself, with Node's TypeScript support loaded. */
  asTypeScript?: boolean;
  onProgress?: (progress: Progress) => void;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** Start it under `ulimit -n fileLimit` (soft and hard), in a shell. */
  fileLimit?: number;
}

export interface ClientProcess {
  child: ChildProcess;
  /** The summary, once the client has stopped. */
  done: Promise<Summary>;
  /** Asks it to stop now (it still prints its summary). */
  stop(): void;
}

const ENTRY = new URL("./keepalive-process.ts", import.meta.url);
let javascript: PlainJavaScript | undefined;

/**
 * keepalive-process.ts as JavaScript, written once per process into one
 * directory per checkout, so that nothing piles up in the temporary
 * directory however the process ends.
 */
function entryAsJavaScript(): string {
  if (javascript === undefined) {
    const checkout = createHash("sha256")
      .update(fileURLToPath(ENTRY))
      .digest("hex")
      .slice(0, 12);
    const dir = join(tmpdir(), `async-io-workshop-keepalive-${checkout}`);
    javascript = writeAsJavaScript(ENTRY, dir);
  }
  return javascript.entry;
}

export function startClientProcess(
  options: ProcessOptions,
  start: StartOptions = {},
): ClientProcess {
  const entry = start.asTypeScript ? fileURLToPath(ENTRY) : entryAsJavaScript();
  const args = [
    ...(start.nodeFlags ?? LEAN_FLAGS),
    entry,
    JSON.stringify(options),
  ];
  const spawnOptions = {
    stdio: ["pipe", "pipe", "inherit"] as ["pipe", "pipe", "inherit"],
    env: { ...process.env, ...start.env },
  };
  // `ulimit -n` in sh lowers both limits, so Node has nothing to raise.
  const child =
    start.fileLimit === undefined
      ? spawn(process.execPath, args, spawnOptions)
      : spawn(
          "sh",
          [
            "-c",
            `ulimit -n ${start.fileLimit} && exec "$0" "$@"`,
            process.execPath,
            ...args,
          ],
          spawnOptions,
        );
  const done = (async () => {
    let summary: Summary | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      const parsed = JSON.parse(line) as Progress | Summary;
      if (parsed.type === "summary") summary = parsed;
      else start.onProgress?.(parsed);
    }
    if (summary === undefined) {
      const code = await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve(child.exitCode ?? child.signalCode);
        } else child.once("exit", (c, s) => resolve(c ?? s));
      });
      throw new Error(`the client process ended (${code}) with no summary`);
    }
    return summary;
  })();
  return {
    child,
    done,
    stop: () => child.stdin?.end(),
  };
}
