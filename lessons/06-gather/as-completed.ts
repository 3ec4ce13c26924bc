// Results in the order they complete, like Python's `asyncio.as_completed`.

// #region as-completed
/**
 * Yield the value of each promise as it settles, first settled first. A
 * rejection is thrown by the iteration when its turn comes, which ends the
 * `for await` loop; the promises still pending keep running.
 */
export function asCompleted<T>(
  promises: readonly Promise<T>[],
): AsyncGenerator<T> {
  // One slot per promise, filled in settling order: whichever promise
  // settles first fills slot 0, the next one slot 1, and so on.
  const slots = promises.map(() => Promise.withResolvers<T>());
  let filled = 0;
  // Listen now, not inside the generator: a generator's body only starts
  // at the first `next()`, and by then some promises may have settled.
  for (const promise of promises) {
    promise.then(
      (value) => slots[filled++]?.resolve(value),
      (reason: unknown) => slots[filled++]?.reject(reason),
    );
  }
  // A slot that rejects after the loop has stopped is never awaited: mark
  // every slot as handled so Node does not report an unhandled rejection.
  for (const slot of slots) slot.promise.catch(() => undefined);
  return (async function* () {
    for (const slot of slots) yield await slot.promise;
  })();
}
// #endregion
