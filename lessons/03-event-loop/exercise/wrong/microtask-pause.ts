// Mistake: pauses by awaiting a resolved promise, a microtask, which runs before the loop gets back to timers and sockets.
// Rejected for: it paused only for microtasks
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let sliceStart = performance.now();
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (performance.now() - sliceStart >= 5) {
      await Promise.resolve();
      sliceStart = performance.now();
    }
  }
  return count;
}
