// Exercise: `countPrimes` keeps the thread busy for hundreds of milliseconds,
// and every request this process makes or serves waits until it is done.
// Make it pause every few milliseconds, so the loop can run other callbacks.
// TODO: import `setImmediate` from "node:timers/promises" as `nextTurn`.
import { isPrime } from "./primes.ts";

// TODO: pick a slice length of a few milliseconds.

/** Count the primes below `limit` without holding the loop up for long. */
export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  // TODO: remember when this slice of work started.
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    // TODO: once the slice has run for a few milliseconds, `await nextTurn()`
    // TODO: and start a new slice.
  }
  return count;
}
