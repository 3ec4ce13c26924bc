// Mistake: schedules the rest of the work with setImmediate but returns the count at once, before most numbers are counted.
// Rejected for: countPrimes(200000) returned
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let n = 2;
  // Count for 5 ms, then leave the rest for a later turn of the loop.
  const slice = (): void => {
    const sliceStart = performance.now();
    for (; n < limit && performance.now() - sliceStart < 5; n++) {
      if (isPrime(n)) count += 1;
    }
    if (n < limit) setImmediate(slice);
  };
  slice();
  return count;
}
