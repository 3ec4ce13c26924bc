// The same CPU-bound job, cut into parts, on a piscina pool of one thread
// and on a pool of as many threads as the machine has cores: how much faster
// does it get here?
import { Piscina } from "piscina";
import { split, type Range } from "./primes.ts";

export const PRIMES_TASK = new URL("./primes.ts", import.meta.url);
/** About 1.5 s of work on one free core of this machine, in 8 parts. */
export const JOB: Range = { from: 0, to: 4_000_000 };
export const PARTS = 8;

export interface SpeedUpRun {
  threads: number;
  primes: number;
  /** Wall time of the job, after the threads had started. */
  ms: number;
  /** CPU time the process used meanwhile, all threads together. */
  cpuMs: number;
  /** When each part finished, in ms since the job started. */
  finishes: number[];
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// #region piscina
/** Counts the primes of `job` in `parts` tasks on a pool of `threads`. */
export async function onPiscina(
  threads: number,
  job: Range = JOB,
  parts = PARTS,
  signal?: AbortSignal,
): Promise<SpeedUpRun> {
  const pool = new Piscina<Range, number>({
    filename: PRIMES_TASK.href,
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    // Start every thread first, so that the time below is work alone.
    const warmUp = { from: 0, to: 1 };
    await Promise.all(Array.from({ length: threads }, () => pool.run(warmUp)));
    const start = performance.now();
    const cpuAtStart = cpuMs();
    const finishes: number[] = [];
    const counts = await Promise.all(
      split(job, parts).map(async (range) => {
        const count = await pool.run(range, signal ? { signal } : {});
        finishes.push(performance.now() - start);
        return count;
      }),
    );
    return {
      threads,
      primes: counts.reduce((a, b) => a + b, 0),
      ms: performance.now() - start,
      cpuMs: cpuMs() - cpuAtStart,
      finishes,
    };
  } finally {
    // Stops every thread of the pool; without it they would keep the
    // process alive.
    await pool.destroy();
  }
}
// #endregion
