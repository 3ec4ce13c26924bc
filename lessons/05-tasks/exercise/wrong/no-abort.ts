// Mistake: It waits for every task with `Promise.allSettled` and keeps the first failure, but never aborts the others, so they run to their end.
// Rejected for: were never aborted
import type { AllOrNothingOptions, Task } from "../solution.ts";

export type { AllOrNothingOptions, Task };

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  const signal = options.signal ?? new AbortController().signal;
  let firstFailure: { error: unknown } | undefined;
  const pending = tasks.map((task) =>
    task(signal).catch((error: unknown) => {
      firstFailure ??= { error };
      throw error;
    }),
  );
  await Promise.allSettled(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return Promise.all(pending);
}
