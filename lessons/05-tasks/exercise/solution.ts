// Exercise: run every task at once, like `Promise.all`, but when one fails,
// abort the others and wait for them to settle, so nothing is left running.

/** Work that stops when its signal aborts (and may clean up first). */
export type Task<T> = (signal: AbortSignal) => Promise<T>;

export interface AllOrNothingOptions {
  /** Aborts every task from outside, e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  // One controller for this batch; each task also stops with the caller.
  const batch = new AbortController();
  const outer = options.signal === undefined ? [] : [options.signal];
  const signal = AbortSignal.any([batch.signal, ...outer]);
  let firstFailure: { error: unknown } | undefined;
  const pending = tasks.map((task) =>
    task(signal).catch((error: unknown) => {
      firstFailure ??= { error };
      // Abort the other tasks of the batch.
      batch.abort();
      throw error;
    }),
  );
  // Wait for every task to settle before rejecting.
  await Promise.allSettled(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
