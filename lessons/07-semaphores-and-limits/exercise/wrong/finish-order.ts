// Mistake: a correct pool, but each worker pushes its result, so the results come back in the order the calls finished, not the order of the items.
// Rejected for: the results came back as
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      results.push(await fn(item));
    }
  }
  const count = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: count }, worker));
  return results;
}
