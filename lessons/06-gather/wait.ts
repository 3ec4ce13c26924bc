// Python's `asyncio.wait`, written with promises: wait for a batch and get
// back which of its members are done and which are still pending. Like
// `asyncio.wait` it never rejects: a failure is just one more done member.

/** When to stop waiting: the three `return_when` values of `asyncio.wait`. */
export type ReturnWhen =
  "ALL_COMPLETED" | "FIRST_COMPLETED" | "FIRST_EXCEPTION";

export interface Waited<T> {
  /** The members that have settled, in input order, described the way
   * `Promise.allSettled` does, each with its index in the input. */
  done: (PromiseSettledResult<T> & { index: number })[];
  /** The indices of the members still pending. */
  pending: number[];
}

// #region wait
/** Resolve as `returnWhen` says with what is done and what is pending. */
export function wait<T>(
  promises: readonly Promise<T>[],
  returnWhen: ReturnWhen = "ALL_COMPLETED",
): Promise<Waited<T>> {
  const outcomes = new Map<number, PromiseSettledResult<T>>();
  const { promise, resolve } = Promise.withResolvers<Waited<T>>();
  // Take stock: whatever has settled so far is done, the rest is pending.
  const report = (): void =>
    resolve({
      done: [...outcomes]
        .toSorted(([a], [b]) => a - b)
        .map(([index, outcome]) => ({ ...outcome, index })),
      pending: promises.flatMap((_, i) => (outcomes.has(i) ? [] : [i])),
    });
  promises.forEach((member, index) => {
    const settled = (outcome: PromiseSettledResult<T>): void => {
      outcomes.set(index, outcome);
      const failed = outcome.status === "rejected";
      // Later calls do nothing: a promise resolves only once.
      if (
        outcomes.size === promises.length ||
        returnWhen === "FIRST_COMPLETED" ||
        (returnWhen === "FIRST_EXCEPTION" && failed)
      ) {
        report();
      }
    };
    member.then(
      (value) => settled({ status: "fulfilled", value }),
      (reason: unknown) => settled({ status: "rejected", reason }),
    );
  });
  // An empty batch is done at once (`asyncio.wait` raises a ValueError).
  if (promises.length === 0) report();
  return promise;
}
// #endregion
