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
  // TODO: one controller for this batch; each task also stops with the
  // caller: combine both signals with `AbortSignal.any`.
  const signal = options.signal ?? new AbortController().signal;
  let firstFailure: { error: unknown } | undefined;
  const pending = tasks.map((task) =>
    task(signal).catch((error: unknown) => {
      firstFailure ??= { error };
      // TODO: abort the other tasks of the batch.
      throw error;
    }),
  );
  // TODO: wait for every task to settle before rejecting.
  await Promise.all(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
