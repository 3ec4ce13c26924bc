// Mistake: pauses after every single number, so the job spends its time waiting for turns of the loop.
// Rejected for: it paused far too often
import { setImmediate as nextTurn } from "node:timers/promises";
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    await nextTurn();
  }
  return count;
}
