// CPU-bound work on the main thread holds up everything else the process
// does: timers that fall due, and the requests they would send. The same
// work in a worker leaves the main thread free for them.
import { countPrimes, type Range } from "./primes.ts";
import { runInWorker } from "./run-in-worker.ts";

/** Where the work ran. */
export type Where = "main thread" | "worker";

/** Times in milliseconds since the start of `whileBusy`. */
export interface BusyReport {
  primes: number;
  /** When the work was done. */
  workDone: number;
  /** When each request was sent: when its timer ran. */
  sentAt: number[];
}

export const PRIMES_TASK = new URL("./primes.ts", import.meta.url);
/** About half a second of work on a free core of this machine. */
export const WORK: Range = { from: 0, to: 2_000_000 };
/** When the requests are due, in ms from the start. */
export const DUE = [0, 50, 100, 150, 200];

// #region while-busy
/** Sets timers to send requests, then counts primes `where` it is told. */
export async function whileBusy(
  serverUrl: string,
  where: Where,
  signal?: AbortSignal,
): Promise<BusyReport> {
  const start = performance.now();
  const sentAt: number[] = [];
  const responses = DUE.map(
    (due) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          sentAt.push(performance.now() - start);
          fetch(`${serverUrl}/delay/0?due=${due}`, { signal: signal ?? null })
            .then((response) => response.text())
            .then(() => resolve(), reject);
        }, due);
      }),
  );
  let primes: number;
  if (where === "main thread") {
    // A plain call: nothing else runs on this thread until it returns.
    primes = countPrimes(WORK.from, WORK.to);
  } else {
    // The same function in a worker; this thread only waits for a message.
    primes = await runInWorker<number>(PRIMES_TASK, WORK, signal);
  }
  const workDone = performance.now() - start;
  await Promise.all(responses);
  return { primes, workDone, sentAt };
}
// #endregion
