// Node's own I/O is not all alike. Sockets and timers need no thread: the
// operating system says when they are ready. The asynchronous `fs` calls,
// `dns.lookup`, and the callback versions of `crypto` and `zlib` functions
// run on libuv's thread pool, four threads unless `UV_THREADPOOL_SIZE`
// says otherwise. Here we keep those threads busy on purpose: each opens a
// named pipe (FIFO) for reading, which blocks until a writer comes.
import { execFileSync } from "node:child_process";
import { pbkdf2 } from "node:crypto";
import { lookup } from "node:dns/promises";
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/** The calls we try while the pool is held, by name. */
export const POOL_CALLS: Record<string, () => Promise<unknown>> = {
  "fs.readFile": () => readFile(import.meta.filename),
  "dns.lookup": () => lookup("localhost"),
  "crypto.pbkdf2": () => promisify(pbkdf2)("secret", "salt", 1, 32, "sha256"),
  "zlib.gzip": () => promisify(gzip)("hello"),
};

export interface PoolReport {
  /** The calls that had finished after `waitMs`, while the pipes were held. */
  finishedWhileHeld: string[];
  /** How often a 10 ms timer ran meanwhile: the JavaScript thread was free. */
  ticks: number;
  /** The calls that had finished once the pipes were released. */
  finishedAfterRelease: string[];
}

const TICK_MS = 10;

// #region hold-the-pool
/** Hold `holders` pool threads in `open()` of a pipe for `waitMs`, and see
 * which of the `POOL_CALLS` get a thread meanwhile. */
export async function holdThePool(
  holders: number,
  waitMs: number,
): Promise<PoolReport> {
  const dir = mkdtempSync(join(tmpdir(), "thread-pool-"));
  const pipes = Array.from({ length: holders }, (_, i) => join(dir, `${i}`));
  // Node has no `mkfifo` of its own; the command is there on Linux and macOS.
  for (const pipe of pipes) execFileSync("mkfifo", [pipe]);
  // Each `open` waits in a pool thread until the pipe has a writer.
  const opening = pipes.map((pipe) => open(pipe, "r"));
  const finished: string[] = [];
  const calls = Object.entries(POOL_CALLS).map(([name, call]) =>
    call().then(() => void finished.push(name)),
  );
  let ticks = 0;
  const timer = setInterval(() => ticks++, TICK_MS);
  const writers: number[] = [];
  try {
    await sleep(waitMs);
    const finishedWhileHeld = finished.toSorted();
    // Give each pipe a writer that does not wait: its reader is there, so
    // it opens at once, and the `open` above returns and frees its thread.
    for (const pipe of pipes) writers.push(openWriter(pipe));
    const readers = await Promise.all(opening);
    await Promise.all(calls);
    await Promise.all(readers.map((reader) => reader.close()));
    return {
      finishedWhileHeld,
      ticks,
      finishedAfterRelease: finished.toSorted(),
    };
  } finally {
    clearInterval(timer);
    // Whatever went wrong, no thread may stay stuck in `open`: the process
    // could never exit.
    for (const pipe of pipes.slice(writers.length)) {
      try {
        closeSync(openWriter(pipe));
      } catch {
        // Nobody was waiting on this one.
      }
    }
    for (const writer of writers) closeSync(writer);
    rmSync(dir, { recursive: true, force: true });
  }
}
// #endregion

/** Open `pipe` for writing without waiting for a reader. */
function openWriter(pipe: string): number {
  return openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK);
}
