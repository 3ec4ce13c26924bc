// The work of the exercise, slow on purpose: counting the primes below a
// few million this way keeps the thread busy for hundreds of milliseconds.

/** Is `n` a prime? Trial division. */
export function isPrime(n: number): boolean {
  for (let divisor = 2; divisor * divisor <= n; divisor++) {
    if (n % divisor === 0) return false;
  }
  return n >= 2;
}
