// Mistake: pauses once every million numbers, so the loop is held for hundreds of milliseconds between pauses.
// Rejected for: it paused too rarely
import { setImmediate as nextTurn } from "node:timers/promises";
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (n % 1_000_000 === 0) await nextTurn();
  }
  return count;
}
