// Mistake: pauses on a promise whose executor never calls resolve, so the job stops at its first pause for good.
// Rejected for: had not finished after
import { isPrime } from "../primes.ts";

export async function countPrimes(limit: number): Promise<number> {
  let count = 0;
  let sliceStart = performance.now();
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count += 1;
    if (performance.now() - sliceStart >= 5) {
      // `setImmediate` is handed nothing to call: `resolve` never runs.
      await new Promise<void>(() => setImmediate(() => {}));
      sliceStart = performance.now();
    }
  }
  return count;
}
