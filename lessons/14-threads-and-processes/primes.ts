// The CPU-bound work of this lesson: counting the primes in a range by trial
// division. It never waits for anything, so the thread that runs it can do
// nothing else until it is done.

/** A half-open range of whole numbers, `from` included, `to` not. */
export interface Range {
  from: number;
  to: number;
}

// #region count-primes
/** How many primes there are in `[from, to)`. */
export function countPrimes(from: number, to: number): number {
  let count = 0;
  for (let n = Math.max(2, from); n < to; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}
// #endregion

/** The task for a worker: `worker-host.ts` and piscina call the default
 * export of a task module with the input of each task. */
export default function primesTask({ from, to }: Range): number {
  return countPrimes(from, to);
}

/** `[from, to)` cut into `parts` ranges of equal width. */
export function split(range: Range, parts: number): Range[] {
  const width = Math.ceil((range.to - range.from) / parts);
  return Array.from({ length: parts }, (_, i) => ({
    from: range.from + i * width,
    to: Math.min(range.to, range.from + (i + 1) * width),
  }));
}
