// Mistake: it awaits each call before starting the next, so only one call is ever in flight.
// Rejected for: the calls ran one after another
export async function mapWithLimit<T, R>(
  items: readonly T[],
  _limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) {
    results.push(await fn(item));
  }
  return results;
}
