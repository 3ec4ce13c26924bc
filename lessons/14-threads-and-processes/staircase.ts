// Five `crypto.pbkdf2` calls at once, in a child process whose libuv thread
// pool has the size we ask for: the calls finish in steps of the pool's size.
import { withPoolSize } from "./with-pool-size.ts";

const CHILD = new URL("./staircase-child.ts", import.meta.url);

export interface StaircaseOptions {
  /** UV_THREADPOOL_SIZE for the child; leave it out for libuv's default. */
  poolSize?: number | undefined;
  calls: number;
  /** pbkdf2 iterations per call: the work of one call. */
  iterations: number;
  signal?: AbortSignal;
}

export interface Staircase {
  /** When each call finished (ms since the start, in finishing order). */
  finished: number[];
  /** How many pool threads had been computing when the first call finished
   * (poolThreadsComputing); undefined off Linux. */
  computingAtFirstFinish?: number;
}

export async function staircase({
  poolSize,
  calls,
  iterations,
  signal,
}: StaircaseOptions): Promise<Staircase> {
  const args = [`${calls}`, `${iterations}`];
  const output = await withPoolSize(CHILD, args, poolSize, signal);
  return JSON.parse(output) as Staircase;
}

/** The gaps between one finish and the next. */
export function gaps(finishes: number[]): number[] {
  return finishes.slice(1).map((t, i) => t - (finishes[i] ?? 0));
}

/** A staircase of calls finished over time, for `ctx.plot`: flat between
 * finishes, one step up at each. */
export function steps(finishes: number[]): [number, number][] {
  const points: [number, number][] = [[0, 0]];
  finishes.forEach((t, i) => {
    points.push([Math.round(t), i], [Math.round(t), i + 1]);
  });
  return points;
}
