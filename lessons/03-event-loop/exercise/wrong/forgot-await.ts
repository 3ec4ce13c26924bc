// Mistake: calls nextTurn() once per slice but never awaits the promise it returns, so the job never stops.
// Rejected for: so it never paused
import { setImmediate as nextTurn } from "node:timers/promises";
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let sliceStart = performance.now();
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (performance.now() - sliceStart >= 5) {
      void nextTurn();
      sliceStart = performance.now();
    }
  }
  return count;
}
