// The child processes a command runs beside itself (`npm start`'s build and
// `astro preview`), and stopping them all when the command is told to stop:
// Ctrl-C (SIGINT), `kill` (SIGTERM), a closed terminal (SIGHUP), or its
// parent gone.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export class Children {
  readonly #children = new Set<ChildProcess>();

  /** Keeps `child` until it exits; returns it. */
  add<C extends ChildProcess>(child: C): C {
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
    return child;
  }

  get size(): number {
    return this.#children.size;
  }

  /**
   * Sends `signal` to every child still running and resolves once all of
   * them have exited; one still running after `graceMs` gets SIGKILL.
   */
  async stopAll(signal: NodeJS.Signals = "SIGTERM", graceMs = 5000) {
    const stopping = [...this.#children].filter(running).map(async (child) => {
      const exited = once(child, "exit");
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    });
    await Promise.all(stopping);
  }
}

// How often to look whether the parent process is still there.
const PARENT_CHECK_MS = 500;

/**
 * Runs `stop` on the first of SIGINT, SIGTERM or SIGHUP, or once the parent
 * process is gone, then exits with code 0 (or 1 if `stop` throws). Under
 * `npm start` on Linux, npm's `sh -c` stands between npm and this process:
 * a SIGTERM to npm reaches only that shell, which dies of it and leaves us
 * behind with a new parent. Signals that come while stopping are ignored:
 * one Ctrl-C arrives twice (from the terminal, and forwarded by npm).
 * Returns a function that removes the handlers.
 */
export function onStop(
  stop: (reason: StopSignal | "parent gone") => Promise<void>,
): () => void {
  let stopping = false;
  const handler = (reason: StopSignal | "parent gone") => {
    if (stopping) return;
    stopping = true;
    stop(reason).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    // Whoever read our output may have gone with the parent: writing to a
    // closed pipe must not stop us from stopping the children.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on("error", () => {});
    }
    handler("parent gone");
  }, PARENT_CHECK_MS);
  watch.unref();
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    clearInterval(watch);
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
