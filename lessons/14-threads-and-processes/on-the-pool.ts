// Which of Node's calls wait for libuv's thread pool, and which do not: run
// each one while the pool's threads are all held, in a child process whose
// pool has the size we ask for.
import { withPoolSize } from "./with-pool-size.ts";

const CHILD = new URL("./on-the-pool-child.ts", import.meta.url);

export interface PoolCensus {
  /** The calls that finished while the threads were held. */
  didNotWait: string[];
  /** The calls that finished only once the threads were let go. */
  waited: string[];
}

export interface CensusOptions {
  /** UV_THREADPOOL_SIZE for the child; leave it out for libuv's default. */
  poolSize?: number | undefined;
  /** How many of the pool's threads to hold. */
  holders: number;
  /** The bundled server, for the two HTTP requests. */
  serverUrl: string;
  signal?: AbortSignal;
}

export async function poolCensus({
  poolSize,
  holders,
  serverUrl,
  signal,
}: CensusOptions): Promise<PoolCensus> {
  const args = [`${holders}`, serverUrl];
  const output = await withPoolSize(CHILD, args, poolSize, signal);
  const { whileHeld, all } = JSON.parse(output) as {
    whileHeld: string[];
    all: string[];
  };
  return {
    didNotWait: whileHeld,
    waited: all.filter((name) => !whileHeld.includes(name)),
  };
}
