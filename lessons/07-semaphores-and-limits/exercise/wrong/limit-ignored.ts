// Mistake: it checks `limit` but never uses it: every call starts at once.
// Rejected for: it ignored the limit
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  if (limit < 1) throw new RangeError(`limit must be at least 1: ${limit}`);
  // All the calls start here, before the first one is awaited.
  const pending = items.map((item) => fn(item));
  return Promise.all(pending);
}
