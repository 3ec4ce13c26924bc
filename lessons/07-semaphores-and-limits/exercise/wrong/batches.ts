// Mistake: it runs the items in batches of `limit` with `Promise.all`, so each batch waits for its slowest call while the other slots sit idle.
// Rejected for: so it ran in batches
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  // Take `limit` items at a time and wait for the whole batch.
  for (let start = 0; start < items.length; start += limit) {
    const batch = items.slice(start, start + limit);
    results.push(...(await Promise.all(batch.map(fn))));
  }
  return results;
}
