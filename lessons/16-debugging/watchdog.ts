// A slow-callback detector for Node, like the one in asyncio's debug mode:
// it reports every time the event loop was blocked for longer than a
// threshold, with the stack of what blocked it. It works from a worker
// thread (watchdog-worker.ts), the only place that can still look at the
// main thread while that thread is busy.
import { once } from "node:events";
import { Worker } from "node:worker_threads";

/** One frame of a call stack, as the inspector gives it (1-based). */
export interface Frame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

/** One time the loop was blocked for longer than the threshold. */
export interface BlockReport {
  /** How long the loop was blocked in all, in milliseconds. */
  blockedMs: number;
  /** How much of that time the main thread waited for a core (Linux). */
  waitedMs: number;
  /** The main thread's stack, taken once the block passed the threshold. */
  stack: Frame[];
}

export interface WatchdogOptions {
  /** A block longer than this is reported (asyncio's default: 100 ms),
   * not counting the time the thread waited for a core. */
  thresholdMs?: number;
  /** Called after each block, once the loop runs again. */
  onBlock?: (report: BlockReport) => void;
}

export interface Watchdog {
  readonly blocks: BlockReport[];
  /** Stop watching; resolves with how stale the heartbeat was over time:
   * [`performance.now()` of this thread, ms since the last heartbeat]. */
  stop(): Promise<[number, number][]>;
}

/** What the worker is started with. */
export interface WatchdogSetup {
  beat: Int32Array;
  thresholdMs: number;
  checkEveryMs: number;
}

/** What the worker posts back. */
export type FromWatchdog =
  | { kind: "ready" }
  | { kind: "stack"; stack: Frame[]; at: number }
  | { kind: "unblocked"; blockedMs: number; waited: number; at: number }
  | { kind: "stopped"; ages: [number, number][] };

const BEAT_EVERY_MS = 10;

// #region start
/** Start watching this thread's event loop. */
export async function startWatchdog(
  options: WatchdogOptions = {},
): Promise<Watchdog> {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  // The heartbeat: a timer that runs only when the loop is free.
  const heart = setInterval(() => Atomics.add(beat, 0, 1), BEAT_EVERY_MS);
  heart.unref();
  const setup: WatchdogSetup = {
    beat,
    thresholdMs: options.thresholdMs ?? 100,
    checkEveryMs: 5,
  };
  const worker = new Worker(new URL("./watchdog-worker.ts", import.meta.url), {
    workerData: setup,
  });
  // #endregion
  const blocks: BlockReport[] = [];
  let stack: Frame[] | undefined;
  let stopped: ((ages: [number, number][]) => void) | undefined;
  worker.on("message", (message: FromWatchdog) => {
    if (message.kind === "stack") stack = message.stack;
    else if (message.kind === "unblocked" && stack !== undefined) {
      const { blockedMs, waited: waitedMs } = message;
      const report = { blockedMs, waitedMs, stack };
      stack = undefined;
      // Most of it spent waiting for a core: the machine was busy, and the
      // loop ran as soon as the thread did.
      if (blockedMs - waitedMs < setup.thresholdMs) return;
      blocks.push(report);
      options.onBlock?.(report);
    } else if (message.kind === "stopped") {
      const origin = performance.timeOrigin;
      stopped?.(message.ages.map(([at, age]) => [at - origin, age]));
    }
  });
  const [ready] = (await Promise.race([
    once(worker, "message"),
    once(worker, "error"),
  ])) as [FromWatchdog | Error];
  if (ready instanceof Error) throw ready;
  // A watchdog must not keep alive a program that would end.
  worker.unref();
  return {
    blocks,
    async stop() {
      clearInterval(heart);
      // Keep the process alive until the worker's last message is in.
      worker.ref();
      const ages = new Promise<[number, number][]>((resolve) => {
        stopped = resolve;
      });
      worker.postMessage("stop");
      const result = await ages;
      await worker.terminate();
      return result;
    },
  };
}

/** A frame as a stack trace line without the column: `name (file:line)`.
 * (Where in a line a pause lands depends on the moment it came.) */
export function formatFrame(frame: Frame): string {
  const name = frame.functionName === "" ? "<anonymous>" : frame.functionName;
  return `${name} (${frame.url}:${frame.line})`;
}
