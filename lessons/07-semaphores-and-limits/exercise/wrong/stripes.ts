// Mistake: worker i takes the items i, i + limit, i + 2 * limit, ...: a slow item holds up the rest of its stripe while the other workers run out of work.
// Rejected for: fixed stripes
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  // Each worker walks its own stripe of the items.
  async function worker(first: number): Promise<void> {
    for (let index = first; index < items.length; index += limit) {
      results[index] = await fn(items[index] as T);
    }
  }
  const count = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: count }, (_, i) => worker(i)));
  return results;
}
