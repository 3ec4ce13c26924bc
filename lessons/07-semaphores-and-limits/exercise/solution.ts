// Exercise: map a list through an async function with at most `limit` calls
// running at once, without a semaphore: start `limit` workers that each take
// the next item until none are left.

/** `fn` over every item, `limit` at a time; results in the order of `items`. */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  if (limit < 1) throw new RangeError(`limit must be at least 1: ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  // Each worker takes the next index, and only then awaits: two workers can
  // never take the same item, because nothing runs between read and `+= 1`.
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  }
  // Start `limit` workers at once, and wait until all of them run dry.
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  await Promise.all(workers);
  return results;
}
