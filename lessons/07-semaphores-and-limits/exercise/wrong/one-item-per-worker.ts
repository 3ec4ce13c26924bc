// Mistake: each worker takes one item and stops, so only the first `limit` items are ever called.
// Rejected for: each worker must go on taking items until none are left
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    const index = next;
    next += 1;
    results[index] = await fn(items[index] as T);
  }
  const count = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: count }, worker));
  return results;
}
