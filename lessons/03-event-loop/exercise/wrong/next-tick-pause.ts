// Mistake: pauses until process.nextTick, whose queue is emptied before the loop moves on, like the microtasks.
// Rejected for: microtasks or nextTicks
import { isPrime } from "../primes.ts";

/** Resolves from the nextTick queue. */
function nextTick(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let sliceStart = performance.now();
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (performance.now() - sliceStart >= 5) {
      await nextTick();
      sliceStart = performance.now();
    }
  }
  return count;
}
