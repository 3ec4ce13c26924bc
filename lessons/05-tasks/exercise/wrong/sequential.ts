// Mistake: Each task is awaited before the next one starts, so they run one after another instead of at once.
// Rejected for: the tasks ran one after another
import type { AllOrNothingOptions, Task } from "../solution.ts";

export type { AllOrNothingOptions, Task };

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  const batch = new AbortController();
  const outer = options.signal === undefined ? [] : [options.signal];
  const signal = AbortSignal.any([batch.signal, ...outer]);
  const results: T[] = [];
  for (const task of tasks) {
    try {
      results.push(await task(signal));
    } catch (error) {
      batch.abort();
      throw error;
    }
  }
  return results;
}
