// Exercise: `countPrimes` keeps the thread busy for hundreds of milliseconds,
// and every request this process makes or serves waits until it is done.
// Make it pause every few milliseconds, so the loop can run other callbacks.
import { setImmediate as nextTurn } from "node:timers/promises";
import { isPrime } from "./primes.ts";

// Long enough to get work done, short enough that nobody waits for long.
const SLICE_MS = 5;

// #region solution
/** Count the primes below `limit` without holding the loop up for long. */
export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let sliceStart = performance.now();
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (performance.now() - sliceStart >= SLICE_MS) {
      // An immediate runs after the poll phase: timers and sockets get
      // their turn first. A resolved promise would not let them in.
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return count;
}
// #endregion solution
