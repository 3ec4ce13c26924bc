// Mistake: counts in one go, never handing the thread back: the loop waits for the whole job.
// Rejected for: so it never paused
import { isPrime } from "../primes.ts";

/** `async` alone does not pause anything: this runs to its end at once. */
export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
  }
  return count;
}
