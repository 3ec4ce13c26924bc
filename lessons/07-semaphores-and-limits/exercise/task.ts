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
  // TODO: keep the results in an array of `items.length`, and a shared
  // index of the next item to take.
  // TODO: write a worker that takes the next index, awaits `fn` on it,
  // stores the result in its slot, and loops until no items are left.
  // TODO: start `limit` workers at once instead, and wait for all of them.
  return Promise.all(items.map((item) => fn(item)));
}
