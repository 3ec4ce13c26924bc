// Mistake: A failed task is caught and left out of the results, so the call resolves as if all had gone well.
// Rejected for: the failure was swallowed
import type { AllOrNothingOptions, Task } from "../solution.ts";

export type { AllOrNothingOptions, Task };

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  const signal = options.signal ?? new AbortController().signal;
  const settled = await Promise.allSettled(tasks.map((task) => task(signal)));
  return settled.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
}
