// Mistake: it starts `limit - 1` workers, one too few, so the limit is never reached.
// Rejected for: it never ran 4 calls at once
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  }
  // Workers 0 to limit - 1... counted from 1.
  const count = Math.min(limit - 1, items.length);
  await Promise.all(Array.from({ length: count }, worker));
  return results;
}
