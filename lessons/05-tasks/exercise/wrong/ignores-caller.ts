// Mistake: The tasks get the batch's signal only, so an abort of the caller's `options.signal` never reaches them.
// Rejected for: the tasks never got the caller's signal
import type { AllOrNothingOptions, Task } from "../solution.ts";

export type { AllOrNothingOptions, Task };

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  void options;
  const batch = new AbortController();
  let firstFailure: { error: unknown } | undefined;
  const pending = tasks.map((task) =>
    task(batch.signal).catch((error: unknown) => {
      firstFailure ??= { error };
      batch.abort();
      throw error;
    }),
  );
  await Promise.allSettled(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
