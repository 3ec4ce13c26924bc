// Mistake: a worker reads the shared index, awaits, and only then adds one, so several workers take the same item and others are skipped.
// Rejected for: two workers took the same item
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      results[next] = await fn(items[next] as T);
      next += 1;
    }
  }
  const count = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: count }, worker));
  return results;
}
